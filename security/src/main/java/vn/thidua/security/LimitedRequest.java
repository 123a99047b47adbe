package vn.thidua.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body stream fails with {@link BodyTooLarge} after {@code maxBytes}: a chunked body cannot exceed
 * the limit either. {@code exceeded} is told once, the first time.
 */
final class LimitedRequest extends HttpServletRequestWrapper {

    private final int maxBytes;
    private final Runnable exceeded;
    private boolean told;

    LimitedRequest(HttpServletRequest request, int maxBytes, Runnable exceeded) {
        super(request);
        this.maxBytes = maxBytes;
        this.exceeded = exceeded;
    }

    private BodyTooLarge tooLarge() {
        if (!told) {
            told = true;
            exceeded.run();
        }
        return new BodyTooLarge(maxBytes);
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
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
                    throw tooLarge();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = in.read(buffer, off, len);
                if (n > 0 && (read += n) > maxBytes) {
                    throw tooLarge();
                }
                return n;
            }
        };
    }
}
