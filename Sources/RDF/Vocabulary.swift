/// IRIs of the vocabularies the parsers and importers need.
public enum Vocabulary {
    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    public static let xsd = "http://www.w3.org/2001/XMLSchema#"
    public static let owl = "http://www.w3.org/2002/07/owl#"
    public static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    public static let rdfType = rdf + "type"
    public static let rdfFirst = rdf + "first"
    public static let rdfRest = rdf + "rest"
    public static let rdfNil = rdf + "nil"
    public static let rdfSubject = rdf + "subject"
    public static let rdfPredicate = rdf + "predicate"
    public static let rdfObject = rdf + "object"
    public static let rdfStatement = rdf + "Statement"
    public static let rdfXMLLiteral = rdf + "XMLLiteral"
    public static let rdfLangString = rdf + "langString"
    public static let xsdString = xsd + "string"
    public static let rdfsLabel = rdfs + "label"
    public static let rdfsSubClassOf = rdfs + "subClassOf"
    public static let owlInverseOf = owl + "inverseOf"
}
