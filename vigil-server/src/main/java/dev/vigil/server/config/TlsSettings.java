package dev.vigil.server.config;

import dev.vigil.core.config.Section;
import java.nio.file.Path;

/**
 * {@code server.tls}: serve HTTPS with a PEM certificate chain and key, or with a self-signed certificate
 * Vigil makes and keeps under the data directory; optionally also listen on plain HTTP only to redirect.
 */
public record TlsSettings(Path cert, Path key, boolean selfSigned, String redirectHost, int redirectPort) {
    public TlsSettings {
        if (selfSigned == (cert != null)) {
            throw new IllegalArgumentException("give either cert and key, or self_signed: true");
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("cert and key go together");
        }
    }

    public boolean redirects() {
        return redirectHost != null;
    }

    static TlsSettings read(Section s) {
        String cert = s.string("cert", null);
        String key = s.string("key", null);
        boolean selfSigned = s.bool("self_signed", false);
        String redirect = s.string("redirect_http", null);
        String host = null;
        int port = 0;
        if (redirect != null) {
            int colon = redirect.lastIndexOf(':');
            try {
                host = redirect.substring(0, colon).replace("[", "").replace("]", "");
                port = Integer.parseInt(redirect.substring(colon + 1));
                if (host.isBlank() || port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (RuntimeException e) {
                s.error("redirect_http", "'redirect_http' must be HOST:PORT such as 0.0.0.0:80, found '" + redirect + "'");
                host = null;
            }
        }
        s.finish();
        try {
            return new TlsSettings(cert == null ? null : Path.of(cert), key == null ? null : Path.of(key), selfSigned, host, port);
        } catch (IllegalArgumentException e) {
            s.errors().add(s.location(), "'tls': " + e.getMessage());
            return null;
        }
    }
}
