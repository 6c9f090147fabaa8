// Reference A, the floor: a bare node:http server that reads the body and answers the JSON an iris call gets,
// without parsing it and without a model. What HTTP alone costs on this machine.
import * as http from 'node:http';

const ANSWER = JSON.stringify({ label: [0], probabilities: [[0.9398284554481506, 0.06008122116327286, 0.00009032846719492227]] });

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(ANSWER);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
