# Production image: gunicorn serving the tracker; migrations run on start. The same image runs the job
# worker with the command `flask --app tracker worker` (see compose.yaml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TRACKER_CONFIG=production \
    TRACKER_INSTANCE_PATH=/data
WORKDIR /app
# Pango and fonts: WeasyPrint makes the family report and transcript PDFs with them.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml config.py babel.cfg gunicorn.conf.py ./
COPY tracker ./tracker
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
RUN pip install --no-cache-dir . \
    && pybabel compile -d tracker/translations \
    && useradd --system --home /data tracker && mkdir -p /data && chown tracker /data
USER tracker
VOLUME /data
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "flask --app tracker db upgrade && exec gunicorn -c gunicorn.conf.py 'tracker:create_app()'"]
