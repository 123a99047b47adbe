package vn.thidua.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;

/** A request whose body stream fails after {@code maxBytes}: a chunked body cannot exceed the limit either. */
final class LimitedRequest extends HttpServletRequestWrapper {

    private final int maxBytes;

    LimitedRequest(HttpServletRequest request, int maxBytes) {
        super(request);
        this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        ServletInputStream in = super.getInputStream();
        return new ServletInputStream() {
            private long read;

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0 && ++read > maxBytes) {
                    throw new IOException("The request body exceeds %d bytes".formatted(maxBytes));
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = in.read(buffer, off, len);
                if (n > 0 && (read += n) > maxBytes) {
                    throw new IOException("The request body exceeds %d bytes".formatted(maxBytes));
                }
                return n;
            }
        };
    }
}
