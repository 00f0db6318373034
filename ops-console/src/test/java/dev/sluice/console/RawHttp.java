package dev.sluice.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a socket, so that a test can send any Host, Origin and Cookie header, as a hostile
 * page or a rebound DNS name would (the JDK's clients do not let a caller set Host).
 */
record RawHttp(int status, Map<String, String> headers, String body) {

    static RawHttp send(int port, String method, String path, Map<String, String> headers, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", "127.0.0.1:" + port);
            all.putAll(headers);
            all.put("Connection", "close");
            if (body != null) {
                all.put("Content-Type", "application/x-www-form-urlencoded");
                all.put("Content-Length", Integer.toString(content.length));
            }
            all.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, split).split("\r\n");
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                String[] kv = lines[i].split(":", 2);
                responseHeaders.merge(kv[0].trim().toLowerCase(), kv[1].trim(), (a, b) -> a + "\n" + b);
            }
            return new RawHttp(Integer.parseInt(lines[0].split(" ")[1]), responseHeaders, response.substring(split + 4));
        }
    }
}
