#include "virtualbox/vbox_parse.h"

#include <gtest/gtest.h>

#include "virtualbox/vbox_machine.h"

namespace dcod::plugins {

namespace {

// As the real VBoxManage 7.2.22 printed it for a VM with a bridged NIC 1, an internal-network
// NIC 2, a disabled NIC 3 and a null NIC 4 (../shared/vbox/transcript-7.2-config.txt), cut.
const char* const k_showvminfo = R"vbox(name="base-debian"
encryption="disabled"
groups="/"
ostype="Debian (64-bit)"
UUID="4b98b2b7-3ac3-46b7-9089-7b814e52fa72"
CfgFile="/root/VirtualBox VMs/base-debian/base-debian.vbox"
memory=1024
chipset="piix3"
cpus=1
VMState="poweroff"
bridgeadapter1="eth0"
macaddress1="0800273E09BC"
cableconnected1="on"
nic1="bridged"
nictype1="82540EM"
intnet2="dcod-desk-100"
macaddress2="08002706FC56"
cableconnected2="on"
nic2="intnet"
nic3="none"
macaddress4="08002783B38A"
cableconnected4="off"
nic4="null"
nic5="none"
recording_screens=1
 rec_screen0
rec_screen_enabled="on"
GuestMemoryBalloon=0
)vbox";

}  // namespace

TEST(VBoxParse, ListVmsTakesTheUuidFromTheLastBraces) {
  auto vms = parse_list_vms(
      "\"dcod-t1\" {619ccbaf-c089-4345-bde9-ab877bdd70e2}\r\n"
      "\"odd {name}\" {ae1a1e8f-c146-426b-a318-a29fdf6b15ad}\n"
      "\"<inaccessible>\" {74b8ddfc-9370-42ff-ae04-d4081aacbf77}\n");
  ASSERT_TRUE(vms) << vms.error().message;
  ASSERT_EQ(vms->size(), 3u);
  EXPECT_EQ((*vms)[0].name, "dcod-t1");
  EXPECT_EQ((*vms)[0].uuid, "619ccbaf-c089-4345-bde9-ab877bdd70e2");
  EXPECT_EQ((*vms)[1].name, "odd {name}");
  EXPECT_EQ((*vms)[2].name, "<inaccessible>");
  EXPECT_TRUE(parse_list_vms("")->empty());
  EXPECT_FALSE(parse_list_vms("garbage\n"));
}

TEST(VBoxParse, MachineReadableKeysValuesAndEscapes) {
  auto info = parse_machine_readable(
      "name=\"a \\\"quoted\\\" \\\\ name\"\n\"Forwarding(0)\"=\"rule,tcp,,2222,,22\"\n"
      "\"Forwarding(0)\"=\"second\"\nmemory=512\n rec_screen0\nnewkey=\"x\"\r\n");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->at("name"), "a \"quoted\" \\ name");
  EXPECT_EQ(info->at("Forwarding(0)"), "rule,tcp,,2222,,22") << "the first repeated key wins";
  EXPECT_EQ(info->at("memory"), "512");
  EXPECT_EQ(info->at("newkey"), "x");
  EXPECT_FALSE(parse_machine_readable("name=\"unclosed\n"));
}

TEST(VBoxParse, MachineFromRecordedShowvminfo) {
  auto info = parse_machine_readable(k_showvminfo);
  ASSERT_TRUE(info) << info.error().message;
  auto m = machine_from(*info);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->name, "base-debian");
  EXPECT_EQ(m->uuid, "4b98b2b7-3ac3-46b7-9089-7b814e52fa72");
  EXPECT_EQ(m->state, "poweroff");
  EXPECT_FALSE(m->running());
  EXPECT_EQ(m->cpus, 1u);
  EXPECT_EQ(m->memory_mb, 1024u);
  EXPECT_EQ(m->chipset, "piix3");
  ASSERT_EQ(m->nics.size(), 5u);
  EXPECT_EQ(m->nic(1)->kind, "bridged");
  EXPECT_EQ(m->nic(1)->network, "eth0");
  EXPECT_EQ(m->nic(2)->network, "dcod-desk-100");
  EXPECT_EQ(m->nic(2)->mac, "08002706FC56");
  EXPECT_TRUE(m->nic(2)->cable);
  EXPECT_FALSE(m->nic(3)->enabled());
  EXPECT_TRUE(m->nic(3)->mac.empty());
  EXPECT_EQ(m->nic(4)->kind, "null");
  EXPECT_FALSE(m->nic(4)->cable);
  EXPECT_EQ(m->nic(6), nullptr);
  EXPECT_FALSE(machine_from({{"memory", "1"}}));
}

TEST(VBoxParse, ExtradataAndGuestPropertyValues) {
  EXPECT_EQ(parse_value("Value: desk\n")->value(), "desk");
  EXPECT_FALSE(parse_value("No value set!\n")->has_value());
  EXPECT_FALSE(parse_value("VBoxManage: error: nope\n"));
  auto all =
      parse_extradata_list("Key: dcod/nic2, Value: desk:100\nKey: dcod/nic3, Value: a:b, c\n");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->at("dcod/nic2"), "desk:100");
  EXPECT_EQ(all->at("dcod/nic3"), "a:b, c");
  EXPECT_TRUE(parse_extradata_list("")->empty());
  EXPECT_FALSE(parse_extradata_list("Value: x\n"));
}

TEST(VBoxParse, GuestPropertiesInBothFormats) {
  auto props = parse_guest_properties(
      "/VirtualBox/GuestInfo/Net/0/MAC   = '080027A1B2C3' @ 2026-12-01T07:07:14.120Z\n"
      "/VirtualBox/GuestInfo/Net/0/V4/IP = '192.0.2.77'   @ 2026-12-01T07:07:24.212Z\n");
  ASSERT_TRUE(props) << props.error().message;
  EXPECT_EQ(props->at("/VirtualBox/GuestInfo/Net/0/MAC"), "080027A1B2C3");
  EXPECT_EQ(props->at("/VirtualBox/GuestInfo/Net/0/V4/IP"), "192.0.2.77");
  auto old = parse_guest_properties(
      "Name: /VirtualBox/GuestInfo/Net/0/MAC, value: 080027A1B2C3, timestamp: 1796108834120396000, "
      "flags: \n");
  ASSERT_TRUE(old) << old.error().message;
  EXPECT_EQ(old->at("/VirtualBox/GuestInfo/Net/0/MAC"), "080027A1B2C3");
  EXPECT_TRUE(parse_guest_properties("No properties found.\n")->empty());
  EXPECT_FALSE(parse_guest_properties("nonsense\n"));
}

TEST(VBoxParse, MacInVBoxManageForm) {
  EXPECT_EQ(vbox_mac("02:00:0a:ff:01:01"), "02000AFF0101");
}

}  // namespace dcod::plugins
