"""The socket `kg serve` binds: its connections send each response at once.

uvicorn serves on the socket `cli.serve.bind` made, through asyncio, which turns Nagle's
algorithm off (TCP_NODELAY) only on connections of a socket that names its protocol as TCP.
With Nagle on, a response written in two parts (headers, then body) waited for the client's
delayed acknowledgement: about 40 ms for every request after the first on a kept-alive
connection (a browser's, a load generator's)."""

from __future__ import annotations

import asyncio
import socket

from cli.serve import bind


def _accepted_nodelay(sock: socket.socket) -> int:
    """TCP_NODELAY on the server side of one connection accepted by asyncio on ``sock``."""

    async def main() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                conn = transport.get_extra_info("socket")
                accepted.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        port = sock.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            return await asyncio.wait_for(accepted, 10)
        finally:
            writer.close()
            server.close()
            await server.wait_closed()

    return asyncio.run(main())


def test_connections_on_the_bound_socket_do_not_wait_for_acks() -> None:
    sock = bind("127.0.0.1", 0)
    assert sock.proto == socket.IPPROTO_TCP
    assert _accepted_nodelay(sock) != 0
