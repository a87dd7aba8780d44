"""A TCP proxy on loopback that adds latency, like a distant network.

Every chunk the server sends reaches the client `delay` seconds later (chunks
keep their order and are not serialised behind each other), so each request /
response round trip costs the delay once, as across regions. Used by
bench/collector_latency.py to show that collectors run concurrently.
"""

import asyncio
import socket
import threading


class LatencyProxy:
    def __init__(self, target_port, delay, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.delay = delay
        self.port = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc):
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(5)
        self._thread.join(5)

    async def _shutdown(self):
        # Cancel the connections still open, then stop the loop.
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop.call_soon(self._loop.stop)

    def _run(self):
        asyncio.set_event_loop(self._loop)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, sock=sock))
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()

    async def _serve(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            self._pipe(client_reader, server_writer, 0),
            self._pipe(server_reader, client_writer, self.delay),
            return_exceptions=True)

    async def _pipe(self, reader, writer, delay):
        loop = asyncio.get_running_loop()
        pending = []
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                if delay:
                    # Deliver later without blocking the next read: latency,
                    # not bandwidth.
                    pending.append(loop.call_later(delay, self._deliver, writer, data))
                else:
                    writer.write(data)
        finally:
            if delay:
                await asyncio.sleep(delay)
            writer.close()

    @staticmethod
    def _deliver(writer, data):
        if not writer.is_closing():
            writer.write(data)
