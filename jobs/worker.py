"""``python -m jobs.worker [queue …]``: an rq worker running inside the app (the Procfile's ``worker:``).

It listens to every queue by default, in priority order (``jobs.registry.QUEUES``); start more workers,
or workers for single queues, to scale. Each job runs in a forked work horse with the app context.
If Redis goes away the worker waits and starts again, so a Redis restart needs no operator.
"""
import argparse
import logging
import os
import signal
import sys
import time

from redis.exceptions import RedisError

log = logging.getLogger("jobs.worker")


def main(argv=None) -> int:
    from rq import Worker

    from api import create_app
    from jobs.engine import RQEngine
    from jobs.registry import QUEUES
    from labour.db import db

    parser = argparse.ArgumentParser(prog="python -m jobs.worker", description=__doc__)
    parser.add_argument("queues", nargs="*", default=list(QUEUES), help=f"queues to listen to (default: {QUEUES})")
    parser.add_argument("--burst", action="store_true", help="quit when the queues are empty")
    parser.add_argument("--name", help="worker name (default: host and pid)")
    args = parser.parse_args(argv)
    unknown = set(args.queues) - set(QUEUES)
    if unknown:
        parser.error(f"unknown queues: {', '.join(sorted(unknown))}")

    app = create_app()
    engine = app.extensions["jobs"].engine
    if not isinstance(engine, RQEngine):
        print("REDIS_URL is not set: tasks run inside the web process, no worker is needed.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    with app.app_context():
        pool = db.engine
        # A work horse is a fork: it must open its own database connections, never share the parent's.
        os.register_at_fork(after_in_child=lambda: pool.dispose(close=False))
        wait = 0.5
        while True:
            worker, began = None, time.monotonic()
            try:
                worker = Worker([engine.queue_name(q) for q in args.queues], connection=engine.connection,
                                name=args.name)
                worker.work(burst=args.burst, with_scheduler=True, logging_level="INFO")
            except RedisError as error:
                log.warning("worker lost Redis (%s)", error)
            if args.burst or (worker is not None and worker._shutdown_requested_date is not None):
                return 0
            # rq's handlers stay installed after work(); while waiting, SIGTERM/SIGINT simply end the process.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            wait = 1.0 if time.monotonic() - began > 60 else min(wait * 2, 30)  # back off only while failing
            log.warning("worker stopped unexpectedly; starting again in %.0f s", wait)
            time.sleep(wait)


if __name__ == "__main__":
    sys.exit(main())
