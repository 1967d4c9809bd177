package io.websms.runtime.agi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Plays Asterisk's side of a FastAGI call, byte for byte as Asterisk 22.10.1 sends it for a SIP MESSAGE. */
public final class FakeAsterisk {

    private FakeAsterisk() {
    }

    /** The environment Asterisk 22.10.1 sent for a SIP MESSAGE from endpoint alice, with the given arguments. */
    public static String environment(String arg1, String arg2, String arg3, String arg4) {
        return "agi_network: yes\n"
                + "agi_network_script: websms\n"
                + "agi_request: agi://127.0.0.1:4573/websms\n"
                + "agi_channel: Message/ast_msg_queue\n"
                + "agi_language: en\n"
                + "agi_type: Message\n"
                + "agi_uniqueid: 1763900000.12\n"
                + "agi_version: 22.10.1\n"
                + "agi_callerid: alice\n"
                + "agi_calleridname: Alice\n"
                + "agi_callingpres: 0\n"
                + "agi_callingani2: 0\n"
                + "agi_callington: 0\n"
                + "agi_callingtns: 0\n"
                + "agi_dnid: unknown\n"
                + "agi_rdnis: unknown\n"
                + "agi_context: sms-out\n"
                + "agi_extension: " + arg1 + "\n"
                + "agi_priority: 1\n"
                + "agi_enhanced: 0.0\n"
                + "agi_accountcode: \n"
                + "agi_threadid: 140153483224768\n"
                + "agi_arg_1: " + arg1 + "\n"
                + "agi_arg_2: " + arg2 + "\n"
                + "agi_arg_3: " + arg3 + "\n"
                + (arg4 == null ? "" : "agi_arg_4: " + arg4 + "\n")
                + "\n";
    }

    /** Sends {@code environment}, answers each command with {@code 200 result=1}, and returns the commands. */
    public static List<String> call(int port, String environment) throws IOException {
        return call(port, environment, line -> true);
    }

    /**
     * Sends {@code environment}, answers each line that {@code isCommand} accepts with {@code 200 result=1}, and
     * returns every line the server sent.
     */
    public static List<String> call(int port, String environment, java.util.function.Predicate<String> isCommand) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(environment.getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> commands = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line);
                if (isCommand.test(line)) {
                    out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            return commands;
        }
    }
}
