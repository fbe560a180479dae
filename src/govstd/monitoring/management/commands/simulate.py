import signal
import socket
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.monitoring.simulator import DirectSink, MqttSink, Simulator, simulate_backfill, simulate_span


class Command(BaseCommand):
    help = ("Simulate the perception layer: realistic readings for every indicator (daily and weekly patterns, "
            "occasional breaches, a few faulty payloads), published to the MQTT broker with QoS 1 or, with "
            "--direct, stored in-process without a broker. Runs until stopped unless --backfill is given.")

    def add_arguments(self, parser):
        parser.add_argument("--direct", action="store_true",
                            help="store through the ingestion service in this process (no broker needed)")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between two rounds (default 5)")
        parser.add_argument("--backfill", type=float, metavar="HOURS",
                            help="send the last HOURS in five-minute steps, then stop")
        parser.add_argument("--duration", type=float, metavar="SECONDS", help="stop after this long")
        parser.add_argument("--faulty", type=float, default=0.01,
                            help="share of rounds in which a source also sends a faulty payload (default 0.01)")
        parser.add_argument("--seed", type=int, help="repeat the same readings")
        parser.add_argument("--host", default=settings.GOVSTD_MQTT_HOST)
        parser.add_argument("--port", type=int, default=settings.GOVSTD_MQTT_PORT)
        parser.add_argument("--prefix", default=settings.GOVSTD_MQTT_TOPIC_PREFIX, help="topic prefix (default govstd)")

    def handle(self, *args, direct, interval, backfill, duration, faulty, seed, host, port, prefix, **options):
        if interval < 0.5:
            raise CommandError(_("--interval must be at least 0.5 seconds"))
        if not 0 <= faulty <= 1:
            raise CommandError(_("--faulty must be between 0 and 1"))
        try:
            sink = DirectSink() if direct else MqttSink(host=host, port=port, prefix=prefix,
                                                        client_id=f"govstd-simulate-{socket.gethostname()}")
        except OSError as error:
            raise CommandError(_("Cannot connect to the MQTT broker %(host)s:%(port)s (%(error)s); "
                                 "add --direct to go without it") % {
                "host": host, "port": port, "error": error}) from error
        where = _("stored directly") if direct else _("published to %(host)s:%(port)s (%(topic)s)") % {
            "host": host, "port": port, "topic": f"{prefix}/readings/<%s>" % _("data source code")}
        try:
            if backfill is not None:
                stored, rejected = simulate_backfill(hours=backfill, seed=seed, faulty=faulty, sink=sink)
                done = (_("%(stored)s stored, %(rejected)s rejected") % {"stored": stored, "rejected": rejected}
                        if direct else _("%(count)s messages") % {"count": stored})
                self.stdout.write(_("Simulated readings of the last %(hours)s hours, %(where)s: %(done)s") % {
                    "hours": f"{backfill:g}", "where": where, "done": done})
                return
            self._live(sink, Simulator(seed=seed, faulty=faulty), interval, duration, where)
        finally:
            sink.close()

    def _live(self, sink, simulator: Simulator, interval: float, duration: float | None, where: str) -> None:
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
        self.stdout.write(_("Simulating readings: %(sources)s data sources, a round every %(interval)s seconds, "
                            "%(where)s; Ctrl-C stops") % {
            "sources": len(simulator.sources), "interval": f"{interval:g}", "where": where})
        started = last = timezone.now().replace(microsecond=0)
        while not stopping.is_set():
            if duration is not None and (timezone.now() - started).total_seconds() >= duration:
                break
            stopping.wait(interval)
            now = timezone.now().replace(microsecond=0)
            if now > last:
                simulate_span(simulator=simulator, sink=sink, start=last, end=now, step=now - last)
                if isinstance(sink, MqttSink):
                    sink.flush()
                last = now
        if isinstance(sink, DirectSink):
            self.stdout.write(_("Stopped; %(stored)s stored, %(rejected)s rejected") % {
                "stored": sink.stored, "rejected": sink.rejected})
        else:
            self.stdout.write(_("Stopped; %(count)s published") % {"count": sink.stored})
