"""gunicorn settings for one application host: `gunicorn -c deploy/gunicorn.conf.py 'course:create_app()'`."""

import multiprocessing
import os

bind = os.environ.get("COURSE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("COURSE_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then, with jitter so they do not all restart at once
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("COURSE_PROXY_IPS", "127.0.0.1")
