import signal
import socket

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from govstd.monitoring.mqtt import Ingester


class Command(BaseCommand):
    help = ("Store readings from the MQTT broker (topic <prefix>/readings/<source code>). Start several, each with "
            "its own --client-id, to share the load (MQTT 5 shared subscription). Runs until stopped.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.GOVSTD_MQTT_HOST)
        parser.add_argument("--port", type=int, default=settings.GOVSTD_MQTT_PORT)
        parser.add_argument("--prefix", default=settings.GOVSTD_MQTT_TOPIC_PREFIX, help="topic prefix (default govstd)")
        parser.add_argument("--group", default=settings.GOVSTD_MQTT_SHARE_GROUP, help="shared-subscription group")
        parser.add_argument("--client-id", default=f"govstd-ingest-{socket.gethostname()}",
                            help="stable and unique per ingester: the broker keeps this client's session")

    def handle(self, *args, host, port, prefix, group, client_id, **options):
        ingester = Ingester(host=host, port=port, prefix=prefix, group=group, client_id=client_id,
                            session_expiry=settings.GOVSTD_MQTT_SESSION_EXPIRY_SECONDS,
                            username=settings.GOVSTD_MQTT_USERNAME, password=settings.GOVSTD_MQTT_PASSWORD)

        def stop(signum, frame):
            ingester.stopping.set()
            ingester.client.disconnect()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(_("Subscribed to %(topic)s (%(host)s:%(port)s, client %(client)s)") % {
            "topic": ingester.topic_filter, "host": host, "port": port, "client": client_id})
        ingester.run()
        self.stdout.write(_("Stopped; %(count)s messages handled") % {"count": ingester.messages})
