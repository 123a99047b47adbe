package vn.thidua.embeddedmongo;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import de.bwaldvogel.mongo.wire.message.MongoReply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;

/**
 * Replaces mongo-java-server's {@link MongoDatabaseHandler} in the pipeline: reads are handled as before, on
 * the event loop; write commands are handed to the backend's group-commit writer and their reply is written
 * when the covering commit completed, so no event-loop thread ever waits for a commit.
 * <p>
 * Per connection, requests are answered strictly in order: while a write of this connection is waiting for
 * its commit, later requests of the same connection are queued (and the socket is not read further), so a
 * pipelining client could neither overtake its own write with a read nor get replies out of order. The
 * official drivers do not pipeline on one connection, so in practice the queue stays empty.
 * <p>
 * One instance per channel (it keeps per-connection state); all fields are confined to the channel's event
 * loop.
 */
final class GroupCommitHandler extends MongoDatabaseHandler {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitHandler.class);

    private static final AtomicInteger RESPONSE_IDS = new AtomicInteger();

    private final DurableH2Backend backend;
    private final ArrayDeque<ClientRequest> waiting = new ArrayDeque<>();
    private boolean writeInFlight;

    GroupCommitHandler(DurableH2Backend backend, ChannelGroup channelGroup) {
        super(backend, channelGroup);
        this.backend = backend;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientRequest request) {
        if (writeInFlight) {
            waiting.add(request);
            return;
        }
        dispatch(ctx, request);
    }

    private void dispatch(ChannelHandlerContext ctx, ClientRequest request) {
        if (request instanceof MongoMessage message && isWrite(message)) {
            startWrite(ctx, () -> handleMessage(message));
        } else if (request instanceof MongoQuery query && isWrite(query)) {
            startWrite(ctx, () -> handleLegacyCommand(query));
        } else {
            // reads: mongo-java-server's own code path, synchronously on this event loop
            super.channelRead0(ctx, request);
        }
    }

    private void startWrite(ChannelHandlerContext ctx, java.util.concurrent.Callable<Object> work) {
        writeInFlight = true;
        ctx.channel().config().setAutoRead(false);
        backend.submitWrite(work).whenComplete((reply, failure) ->
            // completes on the writer thread: hop back to this channel's event loop
            ctx.executor().execute(() -> finishWrite(ctx, reply, failure)));
    }

    private void finishWrite(ChannelHandlerContext ctx, Object reply, Throwable failure) {
        if (failure != null) {
            // handleMessage() turns command errors into error replies; this is a commit failure or shutdown:
            // the client must not take the write as acknowledged, so it gets no reply at all
            log.warn("write not acknowledged ({}), closing connection {}", failure.toString(), ctx.channel());
            ctx.channel().close();
            return;
        }
        ctx.channel().writeAndFlush(reply);
        writeInFlight = false;
        while (!writeInFlight && !waiting.isEmpty()) {
            dispatch(ctx, waiting.poll());
        }
        if (!writeInFlight) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private boolean isWrite(MongoMessage message) {
        Document document = message.getDocument();
        String command = document.keySet().iterator().next();
        return backend.requiresCommit(message.getDatabaseName(), command, document);
    }

    private boolean isWrite(MongoQuery query) {
        if (!"$cmd".equals(query.getCollectionName())) {
            return false;
        }
        Document document = unwrapQuery(query.getQuery());
        String command = document.keySet().iterator().next();
        return backend.requiresCommit(query.getDatabaseName(), command, document);
    }

    private static Document unwrapQuery(Document query) {
        Object inner = query.get("$query");
        return inner instanceof Document innerDocument ? innerDocument : query;
    }

    /** Same as {@code MongoDatabaseHandler.handleMessage}, which is package-private. Runs on the writer. */
    private MongoMessage handleMessage(MongoMessage message) {
        Document document;
        try {
            document = backend.handleMessage(message);
        } catch (MongoServerException e) {
            // as upstream does: an expected refusal (e.g. dropping a collection that does not exist) is not an error
            if (e.isLogError()) {
                log.error("failed to handle {}", message.getDocument(), e);
            } else {
                log.debug("refused {}: {}", message.getDocument(), e.getMessage());
            }
            document = errorResponse(e);
        } catch (RuntimeException e) {
            log.error("Unknown error!", e);
            document = errorResponse(new MongoServerException("Unknown error: " + e.getMessage(), e));
        }
        return new MongoMessage(message.getChannel(), responseHeader(message), document);
    }

    /** A write command sent with the legacy OP_QUERY on {@code db.$cmd}. Runs on the writer. */
    private MongoReply handleLegacyCommand(MongoQuery query) {
        Document command = unwrapQuery(query.getQuery());
        Document document;
        try {
            document = backend.handleCommand(query.getChannel(), query.getDatabaseName(),
                command.keySet().iterator().next(), command);
        } catch (MongoServerException e) {
            document = errorResponse(e);
        } catch (RuntimeException e) {
            document = errorResponse(new MongoServerException("Unknown error: " + e.getMessage(), e));
        }
        List<Document> documents = document == null ? Collections.emptyList() : List.of(document);
        return new MongoReply(responseHeader(query), documents, 0);
    }

    private static MessageHeader responseHeader(ClientRequest request) {
        return new MessageHeader(RESPONSE_IDS.incrementAndGet(), request.getHeader().getRequestID());
    }

    private static Document errorResponse(MongoServerException exception) {
        Document response = new Document();
        response.put("$err", exception.getMessageWithoutErrorCode());
        response.put("errmsg", exception.getMessageWithoutErrorCode());
        if (exception instanceof MongoServerError error) {
            response.put("code", error.getCode());
            response.putIfNotNull("codeName", error.getCodeName());
        }
        response.put("ok", 0);
        return response;
    }
}
