package dev.vigil.threats.source;

import java.net.URI;

/** One of the organisation's own sites: its root ({@code https://shop.example.com/}) and the monitored host it runs on. */
public record Site(URI root, String host) {
    /** The site of a URL, on the host its address names (a configured site has no monitored host). */
    public static Site of(URI url, String host) {
        return new Site(URI.create(url.getScheme() + "://" + url.getRawAuthority() + "/"), host == null ? url.getHost() : host);
    }
}
