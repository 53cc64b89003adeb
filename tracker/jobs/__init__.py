"""Background work on a job queue (Huey): imports, flag refresh and the nightly jobs, and the admin page
that lists what ran. The queue is set up in queue.py, the tasks are in tasks.py, a job's life (claim,
heartbeat, retry, rescue after a lost worker) is in runner.py."""
from flask import Blueprint

bp = Blueprint("jobs", __name__)
