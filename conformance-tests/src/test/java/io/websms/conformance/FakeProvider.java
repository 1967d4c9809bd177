package io.websms.conformance;

import io.websms.api.Acknowledger;
import io.websms.api.DeliveryStatus;
import io.websms.api.EchoHandler;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;
import io.websms.api.WebhookReply;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A small, correct provider for the kit's own tests, which can be broken in one place at a time. */
class FakeProvider implements Provider {

    /** Where to break it. */
    enum Break { NOTHING, DROPS_EMOJI, IGNORES_UCS2, STRIPS_PLUS, FIVE_XX_IS_SENT, ECHO_ADDS_NEWLINE, ACK_AS_HTML, IGNORED_AS_400, PARSER_LATIN1,
        ACCEPTS_ANY_SIGNATURE, LEAKS_SECRET, NO_CREDENTIALS, PARSER_THROWS, THROWS_ON_MALFORMED_REPLY, ACCEPTS_ANY_NUMBER,
        NO_STATUS_PARSER, STATUS_MAPS_WRONG, STATUS_REFUSES_UNKNOWN, STATUS_NPE_ON_EMPTY, IGNORES_TIMESTAMP, DOES_NOT_SIGN }

    static final String SECRET = "fake-secret-value";

    /** How far from now the fake takes the time its ITSP signs. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final Break broken;

    FakeProvider(Break broken) {
        this.broken = broken;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String description() {
        return "A provider for the conformance kit's own tests.";
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return this::map;
    }

    private OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException {
        String body = message.body();
        boolean beyondBmp = body.codePoints().anyMatch(Character::isSupplementaryCodePoint);
        if (broken == Break.DROPS_EMOJI || (config.value("val_unicode").equalsIgnoreCase("ucs-2") && broken != Break.IGNORES_UCS2)) {
            StringBuilder out = new StringBuilder();
            body.codePoints().forEach(cp -> out.append(Character.isSupplementaryCodePoint(cp) ? (broken == Break.DROPS_EMOJI ? '?' : '\uFFFD') : (char) cp));
            body = out.toString();
        }
        OutboundRequest.Builder request = OutboundRequest.builder(URI.create(config.value("url_host") + "/send"))
                .field("To", number(message.to())).field("From", number(message.from())).field("Body", body);
        String flag = config.value("val_unicode");
        if (beyondBmp && flag.indexOf('=') > 0) {
            request.field(flag.substring(0, flag.indexOf('=')), flag.substring(flag.indexOf('=') + 1));
        }
        if (broken != Break.NO_CREDENTIALS) {
            request.header("X-Api-Key", config.value("auth_user"));
        }
        return request.build();
    }

    private String number(String number) {
        return broken == Break.STRIPS_PLUS ? number.replace("+", "") : number;
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return (response, c) -> {
            int status = response.status();
            String secret = broken == Break.LEAKS_SECRET ? " (key " + c.value("auth_secret") + ")" : "";
            if (status == 429 || status >= 500) {
                return broken == Break.FIVE_XX_IS_SENT && status >= 500 ? SendResult.sent(status, null) : SendResult.failed(status, "HTTP " + status + secret);
            }
            if (!response.isSuccessful()) {
                return SendResult.rejected(status, "HTTP " + status + secret);
            }
            if (broken == Break.THROWS_ON_MALFORMED_REPLY && response.bodyText().startsWith("<")) {
                throw new IllegalStateException("cannot parse " + response.bodyText());
            }
            return response.bodyText().contains("\"ok\"") ? SendResult.sent(status, null) : SendResult.rejected(status, "not ok");
        };
    }

    @Override
    public EchoHandler echoHandler(InterfaceConfig config) {
        return (request, c) -> {
            List<String> echo = request.query().get("echo");
            return echo == null ? Optional.empty() : Optional.of(WebhookReply.text(echo.get(0) + (broken == Break.ECHO_ADDS_NEWLINE ? "\n" : "")));
        };
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        if (broken == Break.DOES_NOT_SIGN) {
            return SignatureVerifier.none();
        }
        return (request, c) -> {
            if (broken == Break.ACCEPTS_ANY_SIGNATURE) {
                return;
            }
            String time = request.headers().first("X-Sig-Time").orElse("");
            String given = request.headers().first("X-Sig").orElse("");
            String expected = sign(canonical(time, request));
            if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                throw WebhookException.forbidden("X-Sig does not match");
            }
            if (broken == Break.IGNORES_TIMESTAMP) {
                return;
            }
            Instant signedAt;
            try {
                signedAt = Instant.ofEpochSecond(Long.parseLong(time));
            } catch (NumberFormatException e) {
                throw WebhookException.forbidden("X-Sig-Time is not a time in seconds");
            }
            if (!Signatures.isFresh(signedAt, Instant.now(), TOLERANCE)) {
                throw WebhookException.forbidden("X-Sig-Time is more than " + TOLERANCE.toMinutes() + " minutes from now: a replay?");
            }
        };
    }

    /** What the fake ITSP signs: the time of X-Sig-Time, then every parameter, sorted by name. */
    static String canonical(String time, InboundRequest request) {
        StringBuilder text = new StringBuilder(time).append('\n');
        new TreeMap<>(request.parameters()).forEach((name, values) -> values.forEach(v -> text.append(name).append('=').append(v).append('\n')));
        return text.toString();
    }

    static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return this::parse;
    }

    private Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        if (broken == Break.PARSER_THROWS && request.parameters().isEmpty()) {
            throw new IllegalStateException("no fields");
        }
        String to = request.parameter("To").orElseThrow(() -> WebhookException.badRequest("To", "missing"));
        String from = request.parameter("From").orElseThrow(() -> WebhookException.badRequest("From", "missing"));
        if (broken != Break.ACCEPTS_ANY_NUMBER && !PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest("To", "not a number");
        }
        String body = request.parameter("Body").orElse("");
        if (broken == Break.PARSER_LATIN1) {
            body = new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
        return Message.of(to, from, body);
    }

    @Override
    public Acknowledger acknowledger(InterfaceConfig config) {
        return new Acknowledger() {
            @Override
            public WebhookReply ack(Message message, InterfaceConfig c) {
                return broken == Break.ACK_AS_HTML ? new WebhookReply(200, "text/html", "OK") : WebhookReply.text("OK");
            }

            @Override
            public WebhookReply ackIgnored(InterfaceConfig c) {
                return broken == Break.IGNORED_AS_400 ? new WebhookReply(400, "text/plain", "not a message") : WebhookReply.noContent();
            }
        };
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return broken == Break.NO_STATUS_PARSER ? null : this::parseStatus;
    }

    private List<StatusReport> parseStatus(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String id = request.parameter("MessageId").orElse(null);
        if (id == null && broken == Break.STATUS_NPE_ON_EMPTY) {
            return List.of(StatusReport.builder(request.parameter("MessageId").get()).build());
        }
        if (id == null) {
            throw WebhookException.badRequest("MessageId", "missing");
        }
        String word = request.parameter("Status").orElseThrow(() -> WebhookException.badRequest("Status", "missing"));
        DeliveryStatus status = switch (word) {
            case "DELIVRD" -> broken == Break.STATUS_MAPS_WRONG ? DeliveryStatus.SENT : DeliveryStatus.DELIVERED;
            case "UNDELIV" -> DeliveryStatus.UNDELIVERED;
            case "ENROUTE" -> DeliveryStatus.SENT;
            default -> null;
        };
        if (status == null && broken == Break.STATUS_REFUSES_UNKNOWN) {
            throw WebhookException.badRequest("Status", "unknown status " + word);
        }
        return List.of(StatusReport.builder(id).rawStatus(word).status(status).build());
    }
}
