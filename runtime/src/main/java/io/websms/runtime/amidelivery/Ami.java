package io.websms.runtime.amidelivery;

import io.websms.runtime.ami.AmiClient;
import io.websms.runtime.ami.AmiException;
import io.websms.runtime.ami.AmiMessage;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sending one action and waiting for its answer, every failure as an {@link AmiException} with the reason. */
final class Ami {

    private Ami() {
    }

    /** Asterisk's {@code Response} to {@code action}, Success or Error. */
    static AmiMessage await(AmiClient ami, AmiMessage action) throws AmiException {
        try {
            return ami.send(action).get(ami.settings().timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AmiException cause ? cause : new AmiException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException | RejectedExecutionException e) {
            throw new AmiException(String.valueOf(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmiException("interrupted", e);
        }
    }
}
