package org.evidencevault.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between the vault and its store that can lose one reply: once armed, the next request whose
 * bytes name {@code insert} into {@code audit_log} reaches the store, and when the store's reply comes back
 * the connection is cut instead of relaying it. The store has committed the entries; the vault never hears so.
 * That is what a network failure, a failover or a client-side timeout looks like after the write happened.
 */
final class LossyProxy implements AutoCloseable {

    private static final byte[] INSERT = "insert".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AUDIT_LOG = "audit_log".getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final int target;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger repliesLost = new AtomicInteger();

    LossyProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "lossy-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Loses the reply to the next insert into the audit log. */
    void loseNextAuditInsertReply() {
        armed.set(true);
    }

    int repliesLost() {
        return repliesLost.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket store = new Socket(InetAddress.getLoopbackAddress(), target);
                AtomicBoolean loseReply = new AtomicBoolean();
                pump(client, store, true, loseReply);
                pump(store, client, false, loseReply);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request, AtomicBoolean loseReply) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (request && contains(buffer, n, INSERT) && contains(buffer, n, AUDIT_LOG) && armed.compareAndSet(true, false)) {
                        loseReply.set(true);
                    } else if (!request && loseReply.get()) {
                        repliesLost.incrementAndGet();
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "lossy-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
