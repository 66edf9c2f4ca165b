"""A TCP relay that counts the bytes a PostgreSQL server sends to its client.

    python3 warehouse_proxy.py LISTEN_PORT SERVER_PORT COUNT_FILE

Relays 127.0.0.1:LISTEN_PORT to 127.0.0.1:SERVER_PORT; after each connection closes it
rewrites COUNT_FILE with the total server-to-client bytes so far. Used by warehouse.sh
for "bytes moved" (a separate run from the timed one: the relay itself costs time).
"""
import asyncio
import sys

listen_port, server_port, count_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
total = 0


async def pump(reader, writer, counting):
    global total
    try:
        while chunk := await reader.read(1 << 16):
            if counting:
                total += len(chunk)
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    server_reader, server_writer = await asyncio.open_connection("127.0.0.1", server_port)
    await asyncio.gather(pump(client_reader, server_writer, False), pump(server_reader, client_writer, True))
    with open(count_file, "w") as out:
        out.write(f"{total}\n")


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    with open(count_file, "w") as out:
        out.write("0\n")
    async with server:
        await server.serve_forever()


asyncio.run(main())
