package vn.thidua.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production token sources against a local OIDC issuer (discovery document and JWK set served over HTTP): the
 * issuer's tokens are accepted, another issuer's or another key's are not, and with an audience configured a token
 * for another API is refused.
 */
class TokenSourcesTest {

    final RSAKey key = generate("issuer-key");
    final RSAKey otherKey = generate("other-key");
    final HttpServer server = start();
    final String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/tu-phap";

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static RSAKey generate(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/realms/tu-phap/.well-known/openid-configuration", exchange -> answer(exchange,
                    "{\"issuer\":\"%s\",\"jwks_uri\":\"%s/jwks\"}".formatted(issuer, issuer)));
            http.createContext("/realms/tu-phap/jwks", exchange -> answer(exchange, new JWKSet(key.toPublicJWK()).toString()));
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    String token(RSAKey signer, String tokenIssuer, String... audience) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("can-bo-thi-dua").issuer(tokenIssuer)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("role", "PROVINCE_ADMIN");
        if (audience.length > 0) {
            claims.audience(List.of(audience));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    static JwtDecoder source(String issuerUri, String jwkSetUri, String audience) {
        SecuritySettings settings = new SecuritySettings(new SecuritySettings.Jwt(issuerUri, jwkSetUri, null, audience),
                null, null, null, null, null);
        return ThiduaSecurityConfiguration.tokenSource(settings, new MockEnvironment());
    }

    @Test
    void the_oidc_issuer_path_accepts_its_tokens_and_refuses_another_issuer_or_key() throws Exception {
        JwtDecoder decoder = source(issuer, null, null);
        assertThat(decoder.decode(token(key, issuer)).getSubject()).isEqualTo("can-bo-thi-dua");
        assertThatThrownBy(() -> decoder.decode(token(key, "https://another-issuer"))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(token(otherKey, issuer))).isInstanceOf(JwtException.class);
    }

    @Test
    void the_jwk_set_path_accepts_tokens_signed_by_a_key_of_the_set_only() throws Exception {
        JwtDecoder decoder = source(null, issuer + "/jwks", null);
        assertThat(decoder.decode(token(key, issuer)).getSubject()).isEqualTo("can-bo-thi-dua");
        assertThatThrownBy(() -> decoder.decode(token(otherKey, issuer))).isInstanceOf(JwtException.class);
    }

    @Test
    void with_an_audience_configured_a_token_for_another_api_is_refused_on_either_path() throws Exception {
        for (JwtDecoder decoder : List.of(source(issuer, null, "thidua-api"), source(null, issuer + "/jwks", "thidua-api"))) {
            assertThat(decoder.decode(token(key, issuer, "thidua-api")).getSubject()).isEqualTo("can-bo-thi-dua");
            assertThat(decoder.decode(token(key, issuer, "account", "thidua-api")).getSubject()).isEqualTo("can-bo-thi-dua");
            assertThatThrownBy(() -> decoder.decode(token(key, issuer, "another-api"))).isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decoder.decode(token(key, issuer))).isInstanceOf(JwtException.class);
        }
    }
}
