package vn.thidua.command.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import vn.thidua.eventlog.store.DuplicateSubmission;
import vn.thidua.eventlog.store.MongoCommitLog;

/** Sends a command with the caller's metadata and waits for the outcome, unwrapping Axon's wrapper. */
@Component
public class CommandSender {

    private final CommandGateway gateway;
    private final MongoCommitLog log;

    public CommandSender(CommandGateway gateway, MongoCommitLog log) {
        this.gateway = gateway;
        this.log = log;
    }

    /**
     * Sends and waits. A submission the event store already holds (its first attempt committed, but the answer
     * never reached the client) counts as done: the caller answers as the first attempt did.
     */
    public void send(Object command, Caller caller) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(RequestOutcome.COMMAND_SENT, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
            if (request.getAttribute(RequestOutcome.TAKEOVER, RequestAttributes.SCOPE_REQUEST) != null
                    && log.holdsSubmission(caller.submissionId())) {
                return; // the attempt that died stored this submission: answer as it would have
            }
        }
        try {
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(caller.metaData()));
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof DuplicateSubmission) {
                return;
            }
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        } catch (DuplicateSubmission e) {
            // the first attempt of this submission is stored: nothing new is recorded
        }
    }
}
