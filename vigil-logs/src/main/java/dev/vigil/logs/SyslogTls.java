package dev.vigil.logs;

import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;

/**
 * How syslog over TLS (RFC 5425) gets its certificate: from whoever owns the server's keys. {@code identity}
 * says which keys these are (a listener restarts when it changes); {@code context} builds the context.
 */
public record SyslogTls(Object identity, Callable<SSLContext> context) {}
