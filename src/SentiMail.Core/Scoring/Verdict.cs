namespace SentiMail.Scoring;

/// <summary>What SentiMail concludes about a message.</summary>
public enum Verdict
{
    /// <summary>Nothing, or too little, points to a threat.</summary>
    Clean,

    /// <summary>Several signs of a threat: a person should look before trusting it.</summary>
    Suspicious,

    /// <summary>Strong evidence of phishing, malware, spam or spoofing.</summary>
    Malicious,
}
