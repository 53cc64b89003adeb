"""`flask --app tracker worker`: the job queue's consumer (runs the imports, flag refreshes and the
nightly jobs); `flask --app tracker jobs rescue` queues again what a lost worker left running."""
import logging

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext


@click.command("worker")
@with_appcontext
@click.option("--workers", type=int, default=None, help="Threads running jobs (JOB_WORKERS, default 2).")
@click.option("--no-periodic", is_flag=True, help="Leave the scheduled jobs to another worker.")
def worker_command(workers: int | None, no_periodic: bool):
    """Run jobs from the queue until stopped (Ctrl-C finishes running jobs first; SIGTERM stops at once,
    and the jobs it interrupts run again once a worker is back)."""
    import os

    from .queue import huey

    # Background work yields the CPU to the web servers when they share a machine: during a burst of
    # writes the flag refreshes wait rather than slow the writes down.
    os.nice(current_app.config["JOB_WORKER_NICE"])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    click.echo(f"Job worker on {current_app.config['JOB_QUEUE_URL']}")
    consumer = huey.create_consumer(workers=workers or current_app.config["JOB_WORKERS"],
                                    worker_type="thread", periodic=not no_periodic,
                                    initial_delay=0.05, max_delay=1.0, check_worker_health=True)
    consumer.run()


jobs_group = AppGroup("jobs", help="The job queue.")


@jobs_group.command("rescue")
def rescue_command():
    """Queue again the jobs whose worker stopped (the worker does this at start and every minute)."""
    from .runner import rescue_lost_jobs

    result = rescue_lost_jobs()
    click.echo(f"Jobs queued again: {result['requeued']}; failed after too many lost runs: {result['failed']}.")
