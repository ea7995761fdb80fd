"""``python -m jobs.scheduler``: rq's cron scheduler with ``jobs.schedule.SCHEDULE`` (the Procfile's
``scheduler:``). Run exactly one; a second one would only repeat idempotent work.
"""
import logging
import sys


def main() -> int:
    from rq.cron import CronScheduler

    from api import create_app
    from jobs.engine import RQEngine
    from jobs.schedule import register

    app = create_app()
    engine = app.extensions["jobs"].engine
    if not isinstance(engine, RQEngine):
        print("REDIS_URL is not set: the web process runs the schedule itself.", file=sys.stderr)
        return 2
    scheduler = CronScheduler(connection=engine.connection, logging_level=logging.INFO)
    register(scheduler, queue_name=engine.queue_name)
    scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
