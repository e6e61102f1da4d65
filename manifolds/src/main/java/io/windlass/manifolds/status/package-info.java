/**
 * The agent's status server: one HTTP/1.1 server (Jetty's core server, {@link
 * io.windlass.manifolds.status.StatusServer}) on the config's {@code status.listen}, 127.0.0.1:9465
 * by default, declared by {@link io.windlass.manifolds.status.StatusManifoldModule}.
 *
 * <h2>Paths</h2>
 *
 * <ul>
 *   <li>{@code GET /healthz}: {@code 200 ok} when the engine has started and every manifold that
 *       should run is running; {@code 503} naming those that are not, one per line with state and
 *       error.
 *   <li>{@code GET /engine}: the engine report as JSON, as {@code windlass run --report-format
 *       json} prints it.
 *   <li>{@code GET /metrics}: Prometheus text exposition 0.0.4, or OpenMetrics when the {@code
 *       Accept} header asks for it (the Prometheus Java client's writers): the agent's own {@code
 *       windlass_...} metrics (engine, spool, collectors, sender, pushes) and the latest sample of
 *       every series recorded into the spool (bounded; see {@link
 *       io.windlass.manifolds.spool.LatestSamples}).
 *   <li>{@code POST /api/v1/import/prometheus}: Prometheus text exposition, optional timestamps in
 *       milliseconds (VictoriaMetrics' path and semantics).
 *   <li>{@code POST /api/v1/write} (and {@code /prometheus/api/v1/write}): Prometheus remote write
 *       1.0 and 2.0, snappy-compressed protobuf, by {@code Content-Type} ({@code
 *       RemoteWriteRoute}).
 *   <li>{@code POST /write}: Influx line protocol; {@code precision} is {@code ns} (the default),
 *       {@code us}, {@code ms}, {@code s}, {@code m} or {@code h}, as InfluxDB 1.x takes it.
 *   <li>{@code POST /api/v2/write}, the {@code /influx/...} aliases, {@code GET}/{@code HEAD
 *       /ping}, {@code GET /health}: InfluxDB 2's write, ping and health ({@link
 *       io.windlass.manifolds.status.InfluxApi}).
 *   <li>{@code PUT}, {@code POST}, {@code DELETE /metrics/job/<job>{/<label>/<value>}}: the
 *       Pushgateway's push API ({@link io.windlass.manifolds.status.PushgatewayApi}).
 *   <li>{@code GET /}, {@code /console/...}, {@code /api/console/v1/...}, {@code /login}, {@code
 *       /logout}: the web console ({@link io.windlass.manifolds.console}), routed by {@code
 *       ConsoleRoutes}.
 * </ul>
 *
 * Routes are by exact path or by prefix ({@link io.windlass.manifolds.status.RouteTable}); a path
 * may take several methods, and another method gets {@code 405} with {@code Allow}.
 *
 * <p>The push paths take {@code Content-Encoding: gzip}, read the lines as the collector's inputs
 * do ({@link io.windlass.spool.ingest.format}), and answer {@code 204} only once every sample of
 * the request is durable in the spool ({@code 200} on the Pushgateway's paths, as it answers);
 * {@code 400} with the first bad line's number and reason, keeping nothing; {@code 413} past {@code
 * status.max-body-bytes} (sent or decoded) or for a line over 1 MiB; {@code 503} with {@code
 * Retry-After} when the spool refuses new data or is not open, or too many pushes are being stored
 * at once; {@code 507} with {@code Retry-After} when the spool's disk is full. A sample without a
 * timestamp (or with 0) gets the time the request arrived. A request is streamed into the spool,
 * and what it holds in memory is bounded whatever its size (see {@link
 * io.windlass.spool.ingest.http.HttpIngest}).
 *
 * <p>This package keeps only the server, its routes and the manifold adapters: the push handlers
 * are in {@link io.windlass.spool.ingest.http}, with the data path; {@code StatusRoutes}, {@code
 * InfluxApi} and {@code PushgatewayApi} adapt a request to them through {@code PushIntake}, {@code
 * IngestSlot} plugs the running {@code http-ingest} worker's handler into the server.
 *
 * <h2>Access</h2>
 *
 * Loopback by default, where every local user may connect (unlike the unix sockets, which check the
 * peer's uid and gid); {@code status.require-token-on-loopback} requires the token there too. With
 * {@code status.token} every request, {@code /metrics} included, must carry {@code Authorization:
 * Bearer <token>}, or {@code Token <token>} as InfluxDB 2's clients send it, or Basic with the
 * token as password ({@link io.windlass.manifolds.status.TokenCheck}; {@code 401} otherwise),
 * checked before any body is read. A browser may instead sign in once, posting the token in the
 * console's login form ({@code POST /login}, the one body read without it, at most 4 KiB), and
 * carry the console's cookie, which admits {@code GET} and {@code HEAD} only ({@link
 * io.windlass.manifolds.console.ConsoleLogin}).
 *
 * <h2>Slow and many clients</h2>
 *
 * Connections waiting for headers hold no thread; headers must arrive within {@code
 * status.header-timeout} and bodies within {@code status.body-timeout} ({@link
 * io.windlass.manifolds.status.ReadDeadlines}); oversized headers get {@code 431}; past {@code
 * status.max-requests} or {@code status.max-pushes} in progress, {@code 503} with {@code
 * Retry-After}; past {@code status.max-connections}, new connections wait in the backlog.
 *
 * <p>Once bound, the server's base URL is in {@code <data-dir>/run/status.url} (mode 0600), which
 * {@code windlass report} reads to find a running agent; it is removed when the server stops.
 *
 * <h2>Manifolds</h2>
 *
 * {@code status} depends only on {@code agent}, so {@code /healthz} answers while the spool or
 * anything else is down; {@code http-ingest} depends on {@code spool} too, and plugs the push paths
 * into the server while it runs ({@code 503} while it does not).
 *
 * <p>This package does not send anything, and keeps no history: {@code /metrics} shows the latest
 * samples only (the console keeps the spool's size for an hour).
 */
@NullMarked
package io.windlass.manifolds.status;

import org.jspecify.annotations.NullMarked;
