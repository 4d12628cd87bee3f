package org.evidencevault.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The witness over HTTP, with the JDK's own server: {@code POST <prefix>/add-checkpoint} and nothing else. A request
 * body above 1 MiB is 413 (a checkpoint note is at most 128 KiB and a proof 63 lines), another method 405.
 */
public final class WitnessServer implements AutoCloseable {

    public static final int MAX_BODY = 1024 * 1024;

    static {
        // the JDK server waits forever for a slow request unless told otherwise: a few connections that send one byte
        // and stall would hold every thread (seconds; set before the first server starts, unless the operator set them)
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "30");
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", "30");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;

    private WitnessServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Serves {@code witness} on {@code address} (port 0: any free port) under {@code prefix} (such as "" or "/w1"). */
    public static WitnessServer start(Witness witness, InetSocketAddress address, String prefix) throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "witness-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        String path = (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + "/add-checkpoint";
        server.createContext(path, exchange -> handle(witness, path, exchange));
        server.start();
        return new WitnessServer(server, threads);
    }

    private static void handle(Witness witness, String path, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                send(exchange, Witness.Answer.text(404, "not found"));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, Witness.Answer.text(405, "POST only"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                send(exchange, Witness.Answer.text(413, "the request is larger than " + MAX_BODY + " bytes"));
                return;
            }
            send(exchange, witness.addCheckpoint(body));
        }
    }

    private static void send(HttpExchange exchange, Witness.Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
