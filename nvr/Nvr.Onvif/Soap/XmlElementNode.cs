using System.Xml;

namespace Nvr.Onvif.Soap;

/// <summary>
/// One element of a parsed device response: a small, bounded, read-only tree built by
/// <see cref="BoundedXmlLoader"/> (no XmlSerializer, no reflection: Native-AOT safe).
/// Lookups go by local name and ignore the namespace: vendors put ONVIF elements in the wrong
/// schema namespace often enough (e.g. <c>tt:</c> vs <c>trt:</c> on Media1 children, seen on
/// Uniview and older Dahua firmware) that namespace-strict matching loses real cameras, while the
/// local names within one response are unambiguous.
/// </summary>
internal sealed class XmlElementNode
{
    private static readonly List<XmlElementNode> NoChildren = [];
    private List<XmlElementNode>? _children;
    private List<XmlAttributeValue>? _attributes;
    private List<KeyValuePair<string, string>>? _namespaceDeclarations;
    private string _text = string.Empty;

    public XmlElementNode(string prefix, string localName, string namespaceUri, XmlElementNode? parent)
    {
        Prefix = prefix;
        LocalName = localName;
        NamespaceUri = namespaceUri;
        Parent = parent;
    }

    public string Prefix { get; }

    public string LocalName { get; }

    public string NamespaceUri { get; }

    public XmlElementNode? Parent { get; }

    /// <summary>The element's own text nodes concatenated and trimmed.</summary>
    public string Text => _text;

    public IReadOnlyList<XmlElementNode> Children => _children ?? NoChildren;

    public IReadOnlyList<XmlAttributeValue> Attributes => (IReadOnlyList<XmlAttributeValue>?)_attributes ?? [];

    internal IReadOnlyList<KeyValuePair<string, string>> NamespaceDeclarations =>
        (IReadOnlyList<KeyValuePair<string, string>>?)_namespaceDeclarations ?? [];

    internal void AddChild(XmlElementNode child) => (_children ??= []).Add(child);

    internal void AddAttribute(XmlAttributeValue attribute) => (_attributes ??= []).Add(attribute);

    internal void AddNamespaceDeclaration(string prefix, string uri) => (_namespaceDeclarations ??= []).Add(new(prefix, uri));

    internal void SetText(string text) => _text = text;

    /// <summary>The first child named <paramref name="localName"/>, or null.</summary>
    public XmlElementNode? Child(string localName)
    {
        if (_children is null) return null;
        foreach (var c in _children)
        {
            if (c.LocalName == localName) return c;
        }

        return null;
    }

    /// <summary>Follows a path of child local names; null when any step is missing.</summary>
    public XmlElementNode? Path(params ReadOnlySpan<string> localNames)
    {
        XmlElementNode? e = this;
        foreach (var n in localNames)
        {
            e = e.Child(n);
            if (e is null) return null;
        }

        return e;
    }

    /// <summary>The text of the child at <paramref name="localNames"/>, or null.</summary>
    public string? PathText(params ReadOnlySpan<string> localNames) => Path(localNames)?.Text;

    /// <summary>All direct children named <paramref name="localName"/>.</summary>
    public IEnumerable<XmlElementNode> ChildrenNamed(string localName)
    {
        if (_children is null) yield break;
        foreach (var c in _children)
        {
            if (c.LocalName == localName) yield return c;
        }
    }

    /// <summary>Depth-first search for the first descendant named <paramref name="localName"/> (iterative: depth is bounded by the loader anyway).</summary>
    public XmlElementNode? Descendant(string localName)
    {
        var stack = new Stack<XmlElementNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!ReferenceEquals(e, this) && e.LocalName == localName) return e;
            var children = e.Children;
            for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }

        return null;
    }

    /// <summary>All descendants named <paramref name="localName"/>, document order.</summary>
    public IEnumerable<XmlElementNode> Descendants(string localName)
    {
        var stack = new Stack<XmlElementNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!ReferenceEquals(e, this) && e.LocalName == localName) yield return e;
            var children = e.Children;
            for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    /// <summary>The value of the attribute with <paramref name="localName"/> (any namespace), or null.</summary>
    public string? Attribute(string localName)
    {
        if (_attributes is null) return null;
        foreach (var a in _attributes)
        {
            if (a.LocalName == localName) return a.Value;
        }

        return null;
    }

    /// <summary>Resolves an XML namespace prefix in scope at this element (XML Namespaces 1.0 §6.1).</summary>
    public string? LookupNamespace(string prefix)
    {
        for (var e = this; e is not null; e = e.Parent)
        {
            if (e._namespaceDeclarations is null) continue;
            foreach (var d in e._namespaceDeclarations)
            {
                if (d.Key == prefix) return d.Value;
            }
        }

        return prefix switch
        {
            "xml" => "http://www.w3.org/XML/1998/namespace",
            _ => null,
        };
    }

    /// <summary>
    /// Writes this element and its subtree back out (used to echo WS-Addressing reference
    /// parameters into later request headers). Every namespace in use is re-declared so the
    /// copy stands alone.
    /// </summary>
    public void WriteTo(XmlWriter writer, bool markAsReferenceParameter = false)
    {
        var stack = new Stack<(XmlElementNode Node, bool Open)>();
        stack.Push((this, true));
        while (stack.Count > 0)
        {
            var (node, open) = stack.Pop();
            if (!open)
            {
                writer.WriteEndElement();
                continue;
            }

            writer.WriteStartElement(node.Prefix, node.LocalName, node.NamespaceUri);
            foreach (var a in node.Attributes)
            {
                writer.WriteAttributeString(a.Prefix, a.LocalName, a.NamespaceUri.Length == 0 ? null : a.NamespaceUri, a.Value);
            }

            if (markAsReferenceParameter && ReferenceEquals(node, this) && node.Attribute("IsReferenceParameter") is null)
            {
                // WS-Addressing 1.0 SOAP Binding §2.3: each copied reference parameter is marked.
                writer.WriteAttributeString("wsa", "IsReferenceParameter", OnvifNamespaces.Wsa, "true");
            }

            if (node.Text.Length > 0) writer.WriteString(node.Text);
            stack.Push((node, false));
            var children = node.Children;
            for (int i = children.Count - 1; i >= 0; i--) stack.Push((children[i], true));
        }
    }

    public override string ToString() => Prefix.Length > 0 ? $"{Prefix}:{LocalName}" : LocalName;
}
