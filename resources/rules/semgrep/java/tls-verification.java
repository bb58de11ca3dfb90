package com.example.integration;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.*;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.ssl.SSLContexts;

public class PartnerClientFactory {

    public SSLContext insecureContext() throws Exception {
        TrustManager[] trustAll = new TrustManager[]{
            new X509TrustManager() {
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
                public void checkClientTrusted(X509Certificate[] certs, String authType) { }
                // ruleid: java-tls-trust-all-certificates
                public void checkServerTrusted(X509Certificate[] certs, String authType) { }
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustAll, new java.security.SecureRandom());
        return ctx;
    }

    public SSLContext pinnedContext(X509TrustManager delegate, String expectedFingerprint) throws Exception {
        TrustManager[] pinned = new TrustManager[]{
            new X509TrustManager() {
                public X509Certificate[] getAcceptedIssuers() { return delegate.getAcceptedIssuers(); }
                public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
                    delegate.checkClientTrusted(certs, authType);
                }
                // ok: java-tls-trust-all-certificates
                public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
                    delegate.checkServerTrusted(certs, authType);
                    if (!fingerprint(certs[0]).equals(expectedFingerprint)) {
                        throw new CertificateException("certificate pin mismatch");
                    }
                }
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, pinned, null);
        return ctx;
    }

    public Object apacheClient() throws Exception {
        // ruleid: java-tls-trust-all-certificates
        SSLContext ctx = SSLContexts.custom().loadTrustMaterial(null, (chain, authType) -> true).build();
        // ruleid: java-tls-hostname-verification-disabled
        return HttpClients.custom().setSSLContext(ctx).setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE).build();
    }

    public Object apacheClientWithPrivateCa(java.security.KeyStore trustStore) throws Exception {
        // ok: java-tls-trust-all-certificates
        SSLContext ctx = SSLContexts.custom().loadTrustMaterial(trustStore, null).build();
        // ok: java-tls-hostname-verification-disabled
        return HttpClients.custom().setSSLContext(ctx).setSSLHostnameVerifier(SSLConnectionSocketFactory.getDefaultHostnameVerifier()).build();
    }

    public void legacyGlobal() {
        // ruleid: java-tls-hostname-verification-disabled
        HttpsURLConnection.setDefaultHostnameVerifier((hostname, session) -> true);
    }

    public void strictHost(HttpsURLConnection conn) {
        // ok: java-tls-hostname-verification-disabled
        conn.setHostnameVerifier((hostname, session) -> "api.partner.example.com".equals(hostname));
    }
}
