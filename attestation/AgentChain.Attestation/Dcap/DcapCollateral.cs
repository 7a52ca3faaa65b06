using System.Text.Json;
using AgentChain.Attestation.Evidence;

namespace AgentChain.Attestation.Dcap;

/// <summary>
/// Everything needed to verify a quote offline, as a PCCS hands it out (and as dcap-qvl's collateral JSON
/// stores it): PCK CRL (hex DER) and its issuer chain (PEM), the Intel SGX Root CA CRL (hex DER), TCB info and
/// QE identity (the exact JSON text Intel signed) with their signatures (hex r‖s) and issuer chains (PEM).
/// </summary>
public sealed record DcapCollateral(
    string PckCrlIssuerChain,
    byte[] RootCaCrl,
    byte[] PckCrl,
    string TcbInfoIssuerChain,
    string TcbInfoJson,
    byte[] TcbInfoSignature,
    string QeIdentityIssuerChain,
    string QeIdentityJson,
    byte[] QeIdentitySignature)
{
    /// <summary>Reads the collateral JSON object; throws <see cref="FormatException"/> naming the bad field.</summary>
    public static DcapCollateral FromJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"collateral is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("collateral must be a JSON object");
            return new DcapCollateral(
                Text(root, "pck_crl_issuer_chain"), HexField(root, "root_ca_crl"), HexField(root, "pck_crl"),
                Text(root, "tcb_info_issuer_chain"), Text(root, "tcb_info"), HexField(root, "tcb_info_signature"),
                Text(root, "qe_identity_issuer_chain"), Text(root, "qe_identity"), HexField(root, "qe_identity_signature"));
        }
    }

    public static DcapCollateral Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>Like <see cref="FromJson"/> but returns a reason instead of throwing.</summary>
    public static DcapCollateral? TryFromJson(string json, out string reason)
    {
        try
        {
            reason = "";
            return FromJson(json);
        }
        catch (FormatException e)
        {
            reason = e.Message;
            return null;
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"collateral field \"{name}\" is missing or not a string");

    private static byte[] HexField(JsonElement root, string name)
    {
        string text = Text(root, name);
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"collateral field \"{name}\" is not hex");
        }
    }

    internal static DcapRejection Malformed(string message) => new(RejectionCode.CollateralMalformed, message);
}
