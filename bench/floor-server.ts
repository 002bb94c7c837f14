/**
 * The floor `npm run bench:ingest -- --floor` measures against: Node's HTTP server reading each
 * body, parsing it as JSON and answering 202 with an answer of Vigil's size, with no framework,
 * validation or database. What it costs and how fast it answers is what the machine allows.
 */
import http from "node:http";

const port = Number(process.argv[2]);
const answer = JSON.stringify({
  status: "accepted",
  incidentId: "00000000-0000-4000-8000-000000000000",
  alerts: 1,
  duplicate: false,
  outcome: "opened",
});

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    JSON.parse(Buffer.concat(chunks).toString("utf8"));
    response.writeHead(202, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(answer),
    });
    response.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
