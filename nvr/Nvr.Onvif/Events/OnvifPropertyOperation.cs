namespace Nvr.Onvif.Events;

/// <summary>tt:Message/@PropertyOperation (ONVIF Core §9.2.2.1).</summary>
public enum OnvifPropertyOperation
{
    /// <summary>Not a property event (no attribute).</summary>
    None,
    /// <summary>The current state, sent right after subscribing.</summary>
    Initialized,
    /// <summary>The state changed.</summary>
    Changed,
    /// <summary>The property went away.</summary>
    Deleted,
}
