package io.stockade.webapp.https;

import io.stockade.platform.config.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A second, HTTPS port beside plain HTTP (phones only open the camera on a secure origin). Uses the
 * keystore given in STOCKADE_HTTPS_KEYSTORE / _PASSWORD, or a self-signed certificate generated
 * once into the data directory with the JDK's keytool.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "stockade.https.enabled", havingValue = "true", matchIfMissing = true)
class HttpsConnector {
    private static final Logger log = LoggerFactory.getLogger(HttpsConnector.class);

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> httpsPort(Environment env) {
        return factory -> {
            int port = env.getProperty("stockade.https.port", Integer.class, 8443);
            String keystore = env.getProperty("stockade.https.keystore");
            String password = env.getProperty("stockade.https.keystore-password");
            if (keystore == null || keystore.isBlank()) {
                Path dataDir = Path.of(env.getProperty("stockade.data-dir", "stockade-data"))
                        .toAbsolutePath();
                Path generated = dataDir.resolve("tls").resolve("self-signed.p12");
                password = SecretFiles.readOrCreate(
                        dataDir.resolve("secrets").resolve("tls-keystore.password"), () -> SecretFiles.randomToken(24));
                if (!Files.exists(generated)) {
                    generateSelfSigned(generated, password);
                }
                keystore = generated.toString();
            }
            Connector connector = new Connector(Http11NioProtocol.class.getName());
            connector.setScheme("https");
            connector.setSecure(true);
            connector.setPort(port);
            Http11NioProtocol protocol = (Http11NioProtocol) connector.getProtocolHandler();
            protocol.setSSLEnabled(true);
            SSLHostConfig ssl = new SSLHostConfig();
            // TLS 1.3 only (seed 003): every current browser and phone speaks it, and its cipher suites are all
            // AEAD, so there is no CBC suite and no server order left to get wrong.
            ssl.setProtocols("TLSv1.3");
            SSLHostConfigCertificate certificate =
                    new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystoreFile(keystore);
            certificate.setCertificateKeystorePassword(password);
            certificate.setCertificateKeystoreType("PKCS12");
            ssl.addCertificate(certificate);
            protocol.addSslHostConfig(ssl);
            // HTTP/2 by ALPN on this port; plain HTTP stays HTTP/1.1 (no h2c upgrade on a cleartext port).
            connector.addUpgradeProtocol(new Http2Protocol());
            factory.addAdditionalTomcatConnectors(connector);
        };
    }

    private static void generateSelfSigned(Path target, String password) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            String keytool =
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            ProcessBuilder pb = new ProcessBuilder(List.of(
                            keytool,
                            "-genkeypair",
                            "-alias",
                            "stockade",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-validity",
                            "825",
                            "-dname",
                            "CN=Stockade (self-signed)",
                            "-ext",
                            "SAN=dns:localhost,ip:127.0.0.1",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            tmp.toString(),
                            "-storepass:env",
                            "STOCKADE_KEYSTORE_PASSWORD"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            // The password goes through the environment of the child only, never its command line.
            pb.environment().put("STOCKADE_KEYSTORE_PASSWORD", password);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool could not create the self-signed certificate");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            log.info("Generated a self-signed TLS certificate in {}; browsers will ask to trust it", target);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the self-signed certificate: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
