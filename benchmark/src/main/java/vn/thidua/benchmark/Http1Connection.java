package vn.thidua.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection (keep-alive), used by one thread at a time, with blocking I/O.
 * <p>
 * Why not {@code java.net.http.HttpClient}: the load generator shares the machine's cores with the stack it
 * measures, and the JDK client costs many times more CPU per request (its asynchronous machinery hands every
 * exchange between threads; docs/benchmarks-history.md). A blocking socket per client costs a small fraction of
 * that, so the stack gets the CPU. It supports exactly what the benchmark
 * needs: GET and POST with a JSON body, responses with {@code Content-Length} or {@code chunked} bodies,
 * reconnecting when the server closes the connection.
 */
final class Http1Connection implements AutoCloseable {

    /** A response: status and body (UTF-8). */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final String hostHeader;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Http1Connection(URI base, int timeoutMillis) {
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : 80;
        this.hostHeader = host + ":" + port;
        this.timeoutMillis = timeoutMillis;
    }

    Response get(String path, String... headers) throws IOException {
        return exchange("GET", path, null, headers);
    }

    Response postJson(String path, String json, String... headers) throws IOException {
        return exchange("POST", path, json.getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * Sends the request and reads the whole response. A request on a connection the server had already closed
     * (keep-alive timeout) is sent once more on a new connection; any other failure closes the connection.
     *
     * @throws SocketTimeoutException when no answer came within the timeout
     */
    private Response exchange(String method, String path, byte[] body, String... headers) throws IOException {
        boolean reused = socket != null;
        try {
            connectIfNeeded();
            write(method, path, body, headers);
            return read(method);
        } catch (EOFException | java.net.SocketException e) {
            close();
            if (!reused) {
                throw e;
            }
            // the server closed the idle connection before our request: once more, on a fresh one
            connectIfNeeded();
            try {
                write(method, path, body, headers);
                return read(method);
            } catch (IOException again) {
                close();
                throw again;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connectIfNeeded() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setSoTimeout(timeoutMillis);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    private void write(String method, String path, byte[] body, String... headers) throws IOException {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Accept: application/json\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            out.write(h);
        } else {
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            out.write(all);
        }
        out.flush();
    }

    private Response read(String method) throws IOException {
        String statusLine = readLine();
        // HTTP/1.1 201 Created
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if ("HEAD".equals(method) || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("connection closed in the middle of the body");
            }
        } else {
            body = in.readAllBytes(); // until the server closes
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("connection closed in the middle of a chunk");
            }
            body.write(chunk);
            readLine(); // CRLF after the chunk
        }
    }

    /** A header line without its CRLF (ISO-8859-1, as HTTP header bytes are). */
    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
