package io.websms.runtime.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code [astqueue]} section, typed: how incoming messages reach Asterisk, as call files or over the AMI
 * ({@code ami} holds the settings of the latter; empty means call files).
 *
 * <p>Text values are kept exactly as read, since the original wrote them into the call file as they were
 * ({@code archive = yes} unquoted is written {@code Archive: 1}, which Asterisk reads as true).
 */
public record AstQueueSettings(
        String archive,
        String channelContext,
        String context,
        int maxRetries,
        String messageEncode,
        Path outgoingDir,
        int priority,
        int retryTime,
        Path stagingDir,
        int waitTime,
        OptionalInt fileMode,
        String fileOwner,
        String account,
        String application,
        String data,
        Optional<AmiDeliverySettings> ami) {

    /** Call-file settings, with call files as the delivery. */
    public AstQueueSettings(String archive, String channelContext, String context, int maxRetries, String messageEncode, Path outgoingDir,
                            int priority, int retryTime, Path stagingDir, int waitTime, OptionalInt fileMode, String fileOwner,
                            String account, String application, String data) {
        this(archive, channelContext, context, maxRetries, messageEncode, outgoingDir, priority, retryTime, stagingDir, waitTime, fileMode,
                fileOwner, account, application, data, Optional.empty());
    }

    /** The same settings, delivering over the AMI with {@code ami}. */
    public AstQueueSettings withAmi(AmiDeliverySettings ami) {
        return new AstQueueSettings(archive, channelContext, context, maxRetries, messageEncode, outgoingDir, priority, retryTime, stagingDir,
                waitTime, fileMode, fileOwner, account, application, data, Optional.of(ami));
    }

    static AstQueueSettings of(Map<String, String> values) {
        String mode = values.get("filemode");
        return new AstQueueSettings(
                values.get("archive"),
                values.get("channel_context"),
                values.get("context"),
                Integer.parseInt(values.get("maxretries")),
                values.get("message_encode"),
                Path.of(values.get("outgoingdir")),
                Integer.parseInt(values.get("priority")),
                Integer.parseInt(values.get("retrytime")),
                Path.of(values.get("stagingdir")),
                Integer.parseInt(values.get("waittime")),
                mode.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(mode, 8)),
                values.get("fileowner"),
                values.get("account"),
                values.get("application"),
                values.get("data"),
                AmiDeliverySettings.of(values));
    }
}
