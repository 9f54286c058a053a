package se.finsam.storage;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real S3 API server on localhost: s3proxy (Maven Central, copied to {@code jobs/target/s3proxy/}
 * by the build) over a folder, in its own JVM so that its libraries never share a class path with
 * Spark's. A bucket is a folder of the store; {@link #createBucket} makes one.
 */
public final class S3Proxy implements AutoCloseable {
  private final Process process;
  private final Path store;
  private final int port;

  private S3Proxy(Process process, Path store, int port) {
    this.process = process;
    this.store = store;
    this.port = port;
  }

  /** Starts s3proxy serving {@code base}/store, accepting only the given identity and credential. */
  public static S3Proxy start(Path base, String identity, String credential) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("finsam.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("s3proxy jar missing at " + jar.toAbsolutePath() + " (built by mvn process-test-resources)");
    }
    Path store = Files.createDirectories(base.resolve("store"));
    int port = freePort();
    Path properties = base.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + identity,
        "s3proxy.credential=" + credential,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + store.toAbsolutePath(),
        ""));
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", properties.toString())
        .redirectErrorStream(true)
        .redirectOutput(base.resolve("s3proxy.log").toFile())
        .start();
    S3Proxy proxy = new S3Proxy(process, store, port);
    // A test JVM that is killed must not leave the server behind.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    proxy.awaitListening(base.resolve("s3proxy.log"));
    return proxy;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public void createBucket(String name) throws IOException {
    Files.createDirectories(store.resolve(name));
  }

  @Override
  public void close() {
    process.destroy();
  }

  private void awaitListening(Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited: " + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint()).toURL().openConnection();
        c.setConnectTimeout(500);
        c.getResponseCode(); // any HTTP answer (403 without credentials) means it serves
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    close();
    throw new IllegalStateException("s3proxy did not start in 60 s: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
