"""gunicorn settings for govstd: ``gunicorn -c deploy/gunicorn.conf.py govstd.wsgi``.

Requests do no long work (imports and exports are jobs), so a short timeout catches a stuck worker.
"""

import multiprocessing
import os

bind = os.environ.get("GOVSTD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GOVSTD_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = 60
# Load the application (every module and view, govstd.wsgi) once in the master and fork ready workers:
# they boot in milliseconds, share the imported code's memory, and no first request waits for imports.
# A code change then needs a restart, not a HUP.
preload_app = True
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then, so a slow leak never grows large
max_requests_jitter = 200
accesslog = "-"
access_log_format = ('{"time":"%(t)s","request_id":"%({x-request-id}o)s","method":"%(m)s","path":"%(U)s",'
                     '"status":%(s)s,"bytes":%(B)s,"ms":%(M)s,"addr":"%(h)s"}')
errorlog = "-"
forwarded_allow_ips = os.environ.get("GOVSTD_FORWARDED_ALLOW_IPS", "127.0.0.1")
