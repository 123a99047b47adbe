package vn.thidua.embeddedmongo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * A MongoDB-wire server (mongo-java-server) on a {@link DurableH2Backend}: every write it acknowledges
 * survives {@code kill -9} of the process.
 *
 * <h2>Design: asynchronous replies instead of blocking worker threads</h2>
 * mongo-java-server's {@code MongoDatabaseHandler} handles each request synchronously on the netty event
 * loop of the connection. Waiting there for a commit stalls every other connection on that event loop. The
 * alternative to this class is binding the stock {@code MongoServer} with very many worker threads
 * ({@code bind(addr, 1, 128)}) so that each connection has its own thread, which works as long as there are
 * fewer connections than threads. Instead this class builds the pipeline itself (the same codec handlers as
 * {@code MongoServer}) with a {@link GroupCommitHandler}: reads still run on the event loop; a write is queued
 * to the backend's single writer thread, and its reply is written from the event loop once the group commit
 * covering it completed. The default number of event loops (2 x cores) is enough whatever the number of
 * connections, and a read never waits behind somebody else's commit.
 * <p>
 * Measured ({@code GroupCommitThroughputTest}: 16 inserting clients plus one reader, 2 cores shared with other
 * builds, so only the relative order is meaningful): asynchronous replies and 128 blocking workers give about
 * the same insert rate and read latency; blocking on the default 4 event loops gives fewer inserts per second
 * and reads several times slower, because a read waits for the commits of the connections sharing its loop.
 *
 * <h2>Use from tests of other modules</h2>
 * <pre>{@code
 * DurableMongoServer mongo = DurableMongoServer.start(tempDir, "127.0.0.1", 0);
 * // spring.data.mongodb.uri = mongo.connectionString() + "/mydb"
 * ...
 * mongo.close();
 * }</pre>
 * The data file is {@code dataDir/mongo.mv}; starting again on the same directory finds the data.
 */
public final class DurableMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DurableMongoServer.class);

    /** Name of the MVStore file inside the data directory. */
    public static final String DATA_FILE_NAME = "mongo.mv";

    private final DurableH2Backend backend;
    private final Path dataFile;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup clients;
    private final Channel serverChannel;
    private final String host;
    private final int port;
    private volatile boolean closed;

    /** Starts a server with default options; {@code port} 0 picks a free port. */
    public static DurableMongoServer start(Path dataDir, String host, int port) {
        return start(dataDir, host, port, DurableH2Backend.Options.defaults());
    }

    public static DurableMongoServer start(Path dataDir, String host, int port, DurableH2Backend.Options options) {
        Path dataFile = dataDir.resolve(DATA_FILE_NAME);
        DurableH2Backend backend = DurableH2Backend.open(dataFile, options);
        try {
            return new DurableMongoServer(backend, dataFile, new InetSocketAddress(host, port));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private DurableMongoServer(DurableH2Backend backend, Path dataFile, InetSocketAddress address) {
        this.backend = backend;
        this.dataFile = dataFile;
        this.bossGroup = new NioEventLoopGroup(1, new MongoThreadFactory("mongo-server-boss"));
        this.workerGroup = new NioEventLoopGroup(0, new MongoThreadFactory("mongo-server-worker"));
        this.clients = new DefaultChannelGroup("mongodb-channels", workerGroup.next());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .localAddress(address)
                .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MongoWireReplyEncoder());
                        ch.pipeline().addLast(new MongoWireMessageEncoder());
                        ch.pipeline().addLast(new MongoWireProtocolHandler());
                        ch.pipeline().addLast(new GroupCommitHandler(backend, clients));
                        ch.pipeline().addLast(new MongoExceptionHandler());
                    }
                });
            this.serverChannel = bootstrap.bind().syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        InetAddress boundAddress = bound.getAddress();
        this.host = boundAddress == null || boundAddress.isAnyLocalAddress()
            ? "localhost" : bound.getHostString();
        this.port = bound.getPort();
        log.info("durable MongoDB-wire server listening at {} (data file {})", connectionString(), dataFile);
    }

    /** @return e.g. {@code mongodb://127.0.0.1:27017} (append {@code /dbname} for Spring's URI) */
    public String connectionString() {
        return "mongodb://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public Path dataFile() {
        return dataFile;
    }

    public DurableH2Backend backend() {
        return backend;
    }

    /**
     * Clean shutdown: stops listening, closes client connections, lets the writer commit what it already
     * accepted, then closes the store. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("shutting down {}", connectionString());
        serverChannel.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        backend.close();
        DurableH2Backend.Stats stats = backend.stats();
        log.info("shut down; data in {}; since start: {} writes in {} group commits, {} fsyncs{}, {} groups refused "
            + "for lack of disk space", dataFile, stats.writes(), stats.commits(), stats.fsyncs(),
            backend.options().fsync() ? "" : " (--fsync off)", stats.refusedGroups());
    }
}
