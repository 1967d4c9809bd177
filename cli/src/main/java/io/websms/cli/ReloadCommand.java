package io.websms.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code websms reload}: sends SIGHUP to the daemon that works this configuration's {@code state_dir} (the process
 * that holds its {@link DaemonLock}), which re-reads websms.conf. What the daemon made of the file is in its log.
 */
final class ReloadCommand {

    private final Invocation invocation;

    ReloadCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    ExitCode run() {
        Optional<Bootstrap.Loaded> found = Bootstrap.loadOrReport(invocation);
        if (found.isEmpty()) {
            invocation.err.println("websms: not reloaded: the daemon would refuse this configuration too; fix it first");
            return ExitCode.CONFIG;
        }
        Path lock = DaemonLock.file(WebsmsdCommand.stateFolder(found.get().config(), invocation.configFile(), "outbox"));
        Optional<String> daemon;
        try {
            daemon = DaemonLock.holder(lock);
        } catch (IOException e) {
            invocation.err.println("websms: cannot read " + lock + ": " + e.getMessage());
            return ExitCode.TEMPORARY_FAILURE;
        }
        if (daemon.isPresent() && !daemon.get().matches("\\d{1,10}")) {
            invocation.err.println("websms: " + lock + " holds no process id: is it websmsd's?");
            return ExitCode.UNAVAILABLE;
        }
        if (daemon.isEmpty()) {
            invocation.err.println("websms: no daemon runs with this configuration (none holds " + lock + "): nothing to reload");
            return ExitCode.UNAVAILABLE;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", daemon.get()).redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                invocation.err.println("websms: cannot signal the daemon (process " + daemon.get() + "): " + said);
                return ExitCode.UNAVAILABLE;
            }
        } catch (IOException e) {
            invocation.err.println("websms: cannot signal the daemon (process " + daemon.get() + "): " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.UNAVAILABLE;
        }
        invocation.out.println("websms: asked the daemon (process " + daemon.get() + ") to reload " + invocation.configFile()
                + "; its log says what it made of it");
        return ExitCode.OK;
    }
}
