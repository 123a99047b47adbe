package vn.thidua.systemtests.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between the services and MongoDB or Kafka, to break the network the way it breaks:
 * <ul>
 *   <li>{@link #latency}: every chunk of bytes, each way, is delivered that much later (order kept);</li>
 *   <li>{@link #cutAll}: every open connection is reset, in the middle of whatever request it carried;</li>
 *   <li>{@link #halfOpen}: the connections stay open but nothing goes through any more, either way, and new
 *       connections are accepted and hang the same way — the peer that sends waits for an answer that never comes;
 *       {@link #heal} lets new connections through again, while the ones that hung stay dead, as after a real
 *       partition whose connection state is gone;</li>
 *   <li>{@link #refuse}: new connections are reset at once (the port looks closed) — a process that is down.</li>
 * </ul>
 * In its normal state it forwards bytes unchanged.
 */
final class TcpProxy implements AutoCloseable {

    private final String name;
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile long latencyNanos;
    private volatile boolean halfOpen;
    private volatile boolean refusing;
    private volatile boolean closed;

    private TcpProxy(String name, ServerSocket server, int targetPort) {
        this.name = name;
        this.server = server;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::acceptLoop, "proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on {@code listenPort} (0: any free port) forwarding to {@code 127.0.0.1:targetPort}. */
    static TcpProxy start(String name, int listenPort, int targetPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 200);
            return new TcpProxy(name, server, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the proxy " + name + " on " + listenPort, e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    String name() {
        return name;
    }

    /** Delays every chunk by {@code delay}, each way ({@link Duration#ZERO}: none). */
    void latency(Duration delay) {
        latencyNanos = delay.toNanos();
    }

    /** Resets every open connection (RST), mid-request; later connections go through. */
    int cutAll() {
        int cut = 0;
        for (Link link : links) {
            link.reset();
            cut++;
        }
        return cut;
    }

    /** Nothing goes through any more, either way, on open or new connections; nothing is closed. */
    void halfOpen() {
        halfOpen = true;
        links.forEach(Link::freeze);
    }

    /** Resets new connections at once, as a closed port would. */
    void refuse(boolean refuse) {
        refusing = refuse;
    }

    /** Back to forwarding: new connections pass, no delay; connections frozen by {@link #halfOpen} stay frozen. */
    void heal() {
        latencyNanos = 0;
        halfOpen = false;
        refusing = false;
    }

    int openConnections() {
        return links.size();
    }

    long acceptedConnections() {
        return accepted.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        links.forEach(Link::reset);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            if (refusing) {
                reset(client);
                continue;
            }
            Link link = new Link(client);
            links.add(link);
            if (halfOpen) {
                link.freeze();
            }
            Thread opener = new Thread(link::open, "proxy-" + name + "-open");
            opener.setDaemon(true);
            opener.start();
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One client connection and its connection to the target, with a pump each way. */
    private final class Link {
        private final Socket client;
        private volatile Socket target;
        private volatile boolean frozen;
        private volatile boolean dead;

        Link(Socket client) {
            this.client = client;
        }

        void open() {
            if (frozen) {
                hang(client);
                return;
            }
            try {
                Socket t = new Socket();
                t.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                t.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                target = t;
            } catch (IOException e) {
                reset(); // the target is down: the client sees a reset connection, as it would without the proxy
                return;
            }
            pump(client, target, "up");
            pump(target, client, "down");
        }

        /** A connection accepted while half-open: read and drop whatever comes, never answer, never close. */
        private void hang(Socket socket) {
            byte[] buffer = new byte[8192];
            try (InputStream in = socket.getInputStream()) {
                while (!dead && in.read(buffer) >= 0) {
                    // dropped
                }
            } catch (IOException ignored) {
                // the client gave up
            }
            links.remove(this);
        }

        private void pump(Socket from, Socket to, String direction) {
            DelayQueue<Chunk> queue = new DelayQueue<>();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[16384];
                long lastDue = Long.MIN_VALUE / 2; // never earlier than the chunk before: the order is kept when the latency changes
                try {
                    InputStream in = from.getInputStream();
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (frozen) {
                            continue; // half-open: swallowed
                        }
                        lastDue = Math.max(lastDue + 1, System.nanoTime() + latencyNanos);
                        queue.put(new Chunk(Arrays.copyOf(buffer, n), lastDue, Chunk.DATA));
                    }
                    queue.put(new Chunk(null, Math.max(lastDue + 1, System.nanoTime()), Chunk.END));
                } catch (IOException e) {
                    queue.put(new Chunk(null, Math.max(lastDue + 1, System.nanoTime()), Chunk.RESET));
                }
            }, "proxy-" + name + "-" + direction + "-read");
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = to.getOutputStream();
                    while (true) {
                        Chunk chunk = queue.take();
                        if (chunk.kind == Chunk.END) {
                            if (!frozen) {
                                to.shutdownOutput();
                            }
                            return;
                        }
                        if (chunk.kind == Chunk.RESET) {
                            if (!frozen) {
                                reset();
                            }
                            return;
                        }
                        if (!frozen) {
                            out.write(chunk.bytes);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    if (!frozen) {
                        reset();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "proxy-" + name + "-" + direction + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        void freeze() {
            frozen = true;
        }

        void reset() {
            dead = true;
            TcpProxy.reset(client);
            Socket t = target;
            if (t != null) {
                TcpProxy.reset(t);
            }
            links.remove(this);
        }
    }

    /** Bytes to deliver at {@code dueNanos}, or the end of the stream, or a reset. */
    private record Chunk(byte[] bytes, long dueNanos, int kind) implements Delayed {
        static final int DATA = 0;
        static final int END = 1;
        static final int RESET = 2;

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Chunk) other).dueNanos);
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
