package dev.vigil.notify.channel.email;

import dev.vigil.core.config.Section;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.Messages;
import dev.vigil.notify.Notification;
import jakarta.mail.Message;
import java.util.ArrayList;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * E-mail through the configured SMTP server (STARTTLS and authentication), with a plain-text and an HTML
 * part; the subject carries state, severity and what is affected.
 */
public final class EmailChannel implements Channel {

    public record Config(List<InternetAddress> to, SmtpSettings smtp) {
        public Config {
            to = List.copyOf(to);
        }

        public static Config read(Section s, SmtpSettings smtp) {
            List<String> to = s.strings("to");
            if (to.isEmpty()) {
                s.errors().add(s.location(), "missing 'to': expected one or more e-mail addresses");
            }
            if (smtp == null) {
                s.errors().add(s.location(), "e-mail needs an 'smtp:' section (host, port, from, ...) at the top level");
            }
            List<InternetAddress> addresses = new ArrayList<>();
            for (String a : to) {
                try {
                    addresses.add(new InternetAddress(a, true));
                } catch (AddressException e) {
                    s.error("to", "'" + a + "' is not a valid e-mail address");
                }
            }
            return to.isEmpty() || smtp == null ? null : new Config(addresses, smtp);
        }
    }

    private final Config config;
    private final Session session;

    public EmailChannel(Config config) {
        this.config = config;
        SmtpSettings smtp = config.smtp();
        Properties p = new Properties();
        String proto = smtp.tls() ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        // Transport.send picks the transport by address type (rfc822), not by mail.transport.protocol.
        p.put("mail.transport.protocol.rfc822", proto);
        p.put("mail." + proto + ".host", smtp.host());
        p.put("mail." + proto + ".port", String.valueOf(smtp.port()));
        p.put("mail." + proto + ".auth", String.valueOf(smtp.username() != null));
        p.put("mail." + proto + ".starttls.enable", String.valueOf(smtp.starttls()));
        p.put("mail." + proto + ".starttls.required", String.valueOf(smtp.starttls()));
        p.put("mail." + proto + ".connectiontimeout", String.valueOf(smtp.timeout().toMillis()));
        p.put("mail." + proto + ".timeout", String.valueOf(smtp.timeout().toMillis()));
        p.put("mail." + proto + ".writetimeout", String.valueOf(smtp.timeout().toMillis()));
        p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        this.session = Session.getInstance(p, smtp.username() == null ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.username(), smtp.password() == null ? "" : smtp.password().reveal());
            }
        });
    }

    /** For tests and self-signed servers: trust these hosts' certificates for STARTTLS/TLS. */
    public EmailChannel trusting(String hosts) {
        String proto = config.smtp().tls() ? "smtps" : "smtp";
        session.getProperties().put("mail." + proto + ".ssl.trust", hosts);
        session.getProperties().put("mail." + proto + ".ssl.checkserveridentity", "false");
        return this;
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Delivery send(Notification n) {
        return send(Messages.subject(n), Messages.text(n), Messages.html(n), Date.from(n.created()), n.dedupKey());
    }

    /** Sends any document (a routine report) the same way: plain text and HTML alternatives. */
    public Delivery send(String subject, String plain, String htmlBody, Date date, String dedupKey) {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(config.smtp().from()));
            m.setRecipients(Message.RecipientType.TO, config.to().toArray(InternetAddress[]::new));
            m.setSubject(subject, "UTF-8");
            m.setSentDate(date);
            // Threads the messages about one problem together in mail clients.
            m.setHeader("X-Vigil-Dedup-Key", dedupKey);
            MimeBodyPart text = new MimeBodyPart();
            text.setText(plain, "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(htmlBody, "text/html; charset=UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            m.setContent(alternative);
            Transport.send(m);
            return Delivery.DELIVERED;
        } catch (AddressException e) {
            return new Delivery.Failed("an address of this receiver is not valid: " + firstLine(String.valueOf(e.getMessage())));
        } catch (MessagingException e) {
            // The message of a MessagingException can quote the server's reply, never our password.
            return new Delivery.RetryLater("SMTP " + config.smtp().host() + ":" + config.smtp().port() + " refused or unreachable: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + firstLine(e.getMessage()) + ")"));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
