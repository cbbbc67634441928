// The loader's grammar table (vnx-core/load/grammar.cc) and schemas/scenario-1.xsd must name
// the same elements, the same attributes (and which are required) and the same children.

#include <gtest/gtest.h>

#include <map>
#include <pugixml.hpp>
#include <set>

#include "load/grammar.h"
#include "test_support.h"

namespace dcod::core {

namespace {

struct XsdElement {
  std::map<std::string, bool> attributes;  // name -> required
  std::set<std::string> children;
};

class XsdReader {
 public:
  explicit XsdReader(const pugi::xml_node& schema) : m_schema(schema) {}

  std::map<std::string, XsdElement> elements() {
    std::map<std::string, XsdElement> out;
    for (pugi::xpath_node n : m_schema.select_nodes("//xs:element[@name]")) {
      pugi::xml_node e = n.node();
      XsdElement& x = out[e.attribute("name").value()];
      pugi::xml_node type = e.child("xs:complexType");
      if (!type && e.attribute("type")) type = named("xs:complexType", e.attribute("type").value());
      if (type) collect(type, x);
    }
    return out;
  }

 private:
  pugi::xml_node named(const char* kind, const std::string& name) {
    return m_schema.find_child_by_attribute(kind, "name", name.c_str());
  }

  /// Walks a type's content without entering nested element declarations.
  void collect(pugi::xml_node node, XsdElement& x) {
    for (pugi::xml_node c : node.children()) {
      std::string kind = c.name();
      if (kind == "xs:attribute") {
        x.attributes[c.attribute("name").value()] =
            std::string(c.attribute("use").value()) == "required";
      } else if (kind == "xs:attributeGroup") {
        collect(named("xs:attributeGroup", c.attribute("ref").value()), x);
      } else if (kind == "xs:element") {
        x.children.insert(c.attribute("ref") ? c.attribute("ref").value()
                                             : c.attribute("name").value());
      } else if (kind != "xs:simpleType" && kind != "xs:annotation") {
        collect(c, x);
      }
    }
  }

  pugi::xml_node m_schema;
};

}  // namespace

TEST(XsdGrammarSync, ElementsAttributesAndChildrenMatchTheLoader) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(test::source_path("schemas/scenario-1.xsd").c_str()));
  std::map<std::string, XsdElement> xsd = XsdReader(doc.document_element()).elements();
  ASSERT_GE(xsd.size(), 19u);
  for (const auto& [name, element] : xsd) {
    const ElementRule* rule = element_rule(name);
    ASSERT_NE(rule, nullptr) << "<" << name << "> is in the XSD but not in grammar.cc";
    std::map<std::string, bool> attributes;
    for (const AttributeRule& a : rule->attributes) attributes[std::string(a.name)] = a.required;
    EXPECT_EQ(attributes, element.attributes) << "attributes of <" << name << ">";
    std::set<std::string> children;
    for (const ChildRule& c : rule->children) children.insert(std::string(c.name));
    EXPECT_EQ(children, element.children) << "children of <" << name << ">";
  }
  for (const ElementRule& rule : element_rules()) {
    EXPECT_TRUE(xsd.count(std::string(rule.name)))
        << "<" << rule.name << "> is in grammar.cc but not in the XSD";
  }
}

}  // namespace dcod::core
