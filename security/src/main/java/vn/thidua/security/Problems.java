package vn.thidua.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Problem+json answers written by filters, before any controller runs (same types as the services' advice). */
public final class Problems {

    public static final String TYPE_BASE = "https://thidua.tuphap.vn/problems/";

    private Problems() {
    }

    public static void write(HttpServletResponse response, int status, String kind, String title, String detail) throws IOException {
        write(response, status, kind, title, detail, null);
    }

    /** A problem naming the offending field (a header, a parameter) in {@code errors}, as every 400 does. */
    public static void write(HttpServletResponse response, int status, String kind, String title, String detail,
                             String field) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json(status, kind, title, detail, field));
    }

    /** The problem document itself. */
    static String json(int status, String kind, String title, String detail, String field) {
        String errors = field == null ? "" : ",\"errors\":[{\"field\":\"%s\",\"message\":\"%s\"}]".formatted(json(field), json(detail));
        return "{\"type\":\"%s%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"%s}"
                .formatted(TYPE_BASE, kind, json(title), status, json(detail), errors);
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
