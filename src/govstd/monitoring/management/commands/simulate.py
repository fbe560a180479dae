import signal
import socket
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

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
            raise CommandError("--interval 至少 0.5 秒")
        if not 0 <= faulty <= 1:
            raise CommandError("--faulty 应在 0 与 1 之间")
        try:
            sink = DirectSink() if direct else MqttSink(host=host, port=port, prefix=prefix,
                                                        client_id=f"govstd-simulate-{socket.gethostname()}")
        except OSError as error:
            raise CommandError(f"无法连接 MQTT 服务器 {host}:{port}（{error}）；不经服务器请加 --direct") from error
        where = "直接写入" if direct else f"发布到 {host}:{port}（{prefix}/readings/<数据源编号>）"
        try:
            if backfill is not None:
                stored, rejected = simulate_backfill(hours=backfill, seed=seed, faulty=faulty, sink=sink)
                self.stdout.write(f"已补充最近 {backfill:g} 小时的模拟读数，{where}"
                                  + (f"：存储 {stored} 条，拒收 {rejected} 条" if direct else f"：{stored} 条消息"))
                return
            self._live(sink, Simulator(seed=seed, faulty=faulty), interval, duration, where)
        finally:
            sink.close()

    def _live(self, sink, simulator: Simulator, interval: float, duration: float | None, where: str) -> None:
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
        self.stdout.write(f"模拟读数：{len(simulator.sources)} 个数据源，每 {interval:g} 秒一轮，{where}；Ctrl-C 停止")
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
        self.stdout.write(f"已停止；{'存储' if isinstance(sink, DirectSink) else '发布'} {sink.stored} 条"
                          + (f"，拒收 {sink.rejected} 条" if isinstance(sink, DirectSink) else ""))
