import net from "node:net";

/**
 * One keep-alive HTTP/1.1 connection that sends a POST and reads the answer's status, nothing
 * more. The benchmark runs on the machine it measures, so its client must cost little: Node's
 * http client spends several times more CPU per request, and that CPU is taken from the server
 * being measured. Requests on one connection go one at a time.
 */
export interface HttpConnection {
  /**
   * Resolves with the answer's status code, or 0 when the connection failed or the answer was not
   * framed by Content-Length (chunked answers are not read).
   */
  post(path: string, body: string): Promise<number>;
  close(): void;
}

const HEADER_END = Buffer.from("\r\n\r\n");

export async function openHttpConnection(url: string): Promise<HttpConnection> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, "");
  const socket = net.connect({ host, port: Number(port), noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: ((status: number) => void) | null = null;

  const finish = (status: number) => {
    const resolve = waiting;
    waiting = null;
    resolve?.(status);
  };
  // An answer is complete once its headers and Content-Length bytes of body have arrived.
  const readAnswer = () => {
    const headerEnd = buffered.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = buffered.subarray(0, headerEnd).toString("latin1");
    // Only Content-Length framing is read; anything else ends the connection rather than misread it.
    if (!/\r\ncontent-length:/i.test(head)) {
      socket.destroy();
      return;
    }
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    const total = headerEnd + HEADER_END.length + length;
    if (buffered.length < total) return;
    buffered = buffered.subarray(total);
    finish(Number(head.slice(9, 12)));
  };
  socket.on("data", (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    readAnswer();
  });
  socket.on("error", () => finish(0));
  socket.on("close", () => finish(0));

  return {
    post(path, body) {
      if (socket.destroyed) return Promise.resolve(0);
      return new Promise<number>((resolve) => {
        waiting = resolve;
        socket.write(
          `POST ${path} HTTP/1.1\r\nhost: ${host}:${port}\r\ncontent-type: application/json\r\n` +
            `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      });
    },
    close: () => socket.destroy(),
  };
}
