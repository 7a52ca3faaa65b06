namespace AgentChain.Attestation.Dcap;

/// <summary>
/// Intel TCB statuses and how a platform status converges with the QE's (or TDX module's) status
/// (Intel's QVL rule): an OutOfDate QE makes an otherwise current platform OutOfDate, or
/// OutOfDateConfigurationNeeded when the platform also needs configuration; advisories are the union.
/// </summary>
public static class TcbLevelStatus
{
    public const string UpToDate = "UpToDate";
    public const string SwHardeningNeeded = "SWHardeningNeeded";
    public const string ConfigurationNeeded = "ConfigurationNeeded";
    public const string ConfigurationAndSwHardeningNeeded = "ConfigurationAndSWHardeningNeeded";
    public const string OutOfDate = "OutOfDate";
    public const string OutOfDateConfigurationNeeded = "OutOfDateConfigurationNeeded";
    public const string Revoked = "Revoked";

    public static bool IsKnown(string status) => status is UpToDate or SwHardeningNeeded or ConfigurationNeeded
        or ConfigurationAndSwHardeningNeeded or OutOfDate or OutOfDateConfigurationNeeded or Revoked;

    public static string Converge(string platform, string other)
    {
        if (platform == Revoked || other == Revoked) return Revoked;
        if (other == OutOfDate)
        {
            return platform switch
            {
                UpToDate or SwHardeningNeeded => OutOfDate,
                ConfigurationNeeded or ConfigurationAndSwHardeningNeeded => OutOfDateConfigurationNeeded,
                _ => platform,
            };
        }
        return platform;
    }
}
