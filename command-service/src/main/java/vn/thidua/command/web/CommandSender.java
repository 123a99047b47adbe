package vn.thidua.command.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;
import vn.thidua.command.rules.RuleViolation;

import java.util.function.Supplier;

/**
 * Sends a command with the caller's metadata and waits for the outcome, unwrapping Axon's wrapper. The caller's
 * {@link vn.thidua.command.submission.Submission} runs it: at most once per submission, and it learns from the
 * outcome whether the answer is a decision to remember.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends and waits; a concurrent change of the aggregate leaves as {@link ConcurrencyException} (retry). */
    public void send(Object command, Caller caller) {
        caller.submission().run(() -> sendAndWait(command, caller));
    }

    /**
     * Sends a command that starts an aggregate under a natural id, and waits. A collision on that id means the
     * aggregate exists already: the answer is the rule {@code exists} gives, a decision like any refusal.
     */
    public void create(Object command, Caller caller, Supplier<RuleViolation> exists) {
        caller.submission().run(() -> {
            try {
                sendAndWait(command, caller);
            } catch (ConcurrencyException e) {
                throw exists.get();
            }
        });
    }

    private void sendAndWait(Object command, Caller caller) {
        try {
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(caller.metaData()));
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
