#!/usr/bin/env python3
"""Lists and describes a running tempmed's services through gRPC server reflection, without any .proto file.

Usage: scripts/e2e_reflection_client.py --server 127.0.0.1:7700

Uses grpcio-reflection's standard client (grpc.reflection.v1alpha, ProtoReflectionDescriptorDatabase behind a
protobuf DescriptorPool), then asks the same questions over grpc.reflection.v1 (the same messages on the newer
method name). Prints one JSON line; exits 0 when every check passed, 1 otherwise.
"""
import argparse
import json
import sys

import grpc
from google.protobuf import descriptor_pb2
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

V1_METHOD = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"


def describe_with_v1alpha(channel):
    """Services, TempMe's methods and SearchRequest's fields, as grpcio-reflection's client sees them."""
    database = ProtoReflectionDescriptorDatabase(channel)
    pool = DescriptorPool(database)
    services = sorted(database.get_services())
    tempme = pool.FindServiceByName("tempme.v1.TempMe")
    search = pool.FindMessageTypeByName("tempme.v1.SearchRequest")
    health = pool.FindServiceByName("grpc.health.v1.Health")
    return {
        "services": services,
        "tempme_methods": sorted(method.name for method in tempme.methods),
        "search_request_fields": sorted(field.name for field in search.fields),
        "health_methods": sorted(method.name for method in health.methods),
        "search_output": tempme.methods_by_name["Search"].output_type.full_name,
    }


def ask_v1(channel, requests):
    """Sends `requests` on one v1 stream; returns the answers in order."""
    call = channel.stream_stream(
        V1_METHOD, request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)
    return list(call(iter(requests), timeout=10))


def describe_with_v1(channel):
    """list_services, file_containing_symbol and an unknown symbol over grpc.reflection.v1."""
    answers = ask_v1(channel, [
        reflection_pb2.ServerReflectionRequest(list_services=""),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="tempme.v1.TempMe.Search"),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="no.such.Symbol"),
    ])
    files = [descriptor_pb2.FileDescriptorProto.FromString(raw) for raw in answers[1].file_descriptor_response.file_descriptor_proto]
    return {
        "services": sorted(service.name for service in answers[0].list_services_response.service),
        "symbol_file": files[0].name if files else "",
        "unknown_symbol_error": answers[2].error_response.error_code,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True)
    args = parser.parse_args()
    with grpc.insecure_channel(args.server) as channel:
        v1alpha = describe_with_v1alpha(channel)
        v1 = describe_with_v1(channel)
    expected_services = {"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                         "grpc.reflection.v1alpha.ServerReflection", "tempme.v1.TempMe"}
    checks = {
        "v1alpha_lists_services": expected_services <= set(v1alpha["services"]),
        "v1alpha_describes_tempme": {"Ingest", "Search", "Similar", "Get", "List", "Stats", "Info"} <= set(v1alpha["tempme_methods"]),
        "v1alpha_describes_messages": {"text", "k", "metadata_filter"} <= set(v1alpha["search_request_fields"]),
        "v1alpha_describes_health": v1alpha["health_methods"] == ["Check", "Watch"],
        "search_returns_search_response": v1alpha["search_output"] == "tempme.v1.SearchResponse",
        "v1_lists_services": set(v1["services"]) == set(v1alpha["services"]),
        "v1_finds_symbol_file": v1["symbol_file"] == "tempme/v1/tempme.proto",
        "v1_unknown_symbol_not_found": v1["unknown_symbol_error"] == grpc.StatusCode.NOT_FOUND.value[0],
    }
    ok = all(checks.values())
    print(json.dumps({"ok": ok, "checks": checks, "v1alpha": v1alpha, "v1": v1}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
