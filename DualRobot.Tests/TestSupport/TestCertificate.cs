using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DualRobot.TestSupport;

/// <summary>
/// A throwaway self-signed certificate for 127.0.0.1 and localhost, made where it is used: the console serves HTTPS
/// with it where a cluster would use the Secret <c>frontend-tls</c>, and clients trust exactly it (by its hash) or,
/// for Chromium, ignore certificate errors.
/// </summary>
public static class TestCertificate
{
    /// <summary>The certificate with its private key, for Kestrel in this process.</summary>
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = Request(key).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Exported and loaded again: a key that lives only in the ECDsa object above does not outlive it everywhere.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// A certificate as PEM files in <paramref name="directory"/>, <c>tls.crt</c> and <c>tls.key</c>: the shape of a
    /// kubernetes.io/tls Secret's keys, for a console process (<c>Kestrel__Certificates__Default__Path</c> and
    /// <c>KeyPath</c>). Returns the certificate without its key, for a client to pin.
    /// </summary>
    public static X509Certificate2 WritePem(string directory, out string certificatePath, out string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = Request(key).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        certificatePath = Path.Combine(directory, "tls.crt");
        keyPath = Path.Combine(directory, "tls.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    /// <summary>Whether a server's certificate is exactly <paramref name="trusted"/>: how a test client pins it.</summary>
    public static bool IsExactly(X509Certificate? presented, X509Certificate2 trusted) =>
        presented?.GetCertHashString() == trusted.GetCertHashString();

    private static CertificateRequest Request(ECDsa key)
    {
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        return request;
    }
}
