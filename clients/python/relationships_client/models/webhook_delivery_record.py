from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="WebhookDeliveryRecord")



@_attrs_define
class WebhookDeliveryRecord:
    """ 
        Attributes:
            attempt (int):
            attempted_at (datetime.datetime | None):
            delivery_id (str):
            error (None | str):
            event_id (str):
            event_type (str):
            latency_ms (float | None):
            next_attempt_at (datetime.datetime | None):
            response_excerpt (None | str):
            response_status (int | None):
            status (str):
     """

    attempt: int
    attempted_at: datetime.datetime | None
    delivery_id: str
    error: None | str
    event_id: str
    event_type: str
    latency_ms: float | None
    next_attempt_at: datetime.datetime | None
    response_excerpt: None | str
    response_status: int | None
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        attempt = self.attempt

        attempted_at: None | str
        if isinstance(self.attempted_at, datetime.datetime):
            attempted_at = self.attempted_at.isoformat()
        else:
            attempted_at = self.attempted_at

        delivery_id = self.delivery_id

        error: None | str
        error = self.error

        event_id = self.event_id

        event_type = self.event_type

        latency_ms: float | None
        latency_ms = self.latency_ms

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        response_excerpt: None | str
        response_excerpt = self.response_excerpt

        response_status: int | None
        response_status = self.response_status

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "attempt": attempt,
            "attempted_at": attempted_at,
            "delivery_id": delivery_id,
            "error": error,
            "event_id": event_id,
            "event_type": event_type,
            "latency_ms": latency_ms,
            "next_attempt_at": next_attempt_at,
            "response_excerpt": response_excerpt,
            "response_status": response_status,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempt = d.pop("attempt")

        def _parse_attempted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                attempted_at_type_0 = datetime.datetime.fromisoformat(data)



                return attempted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        attempted_at = _parse_attempted_at(d.pop("attempted_at"))


        delivery_id = d.pop("delivery_id")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        def _parse_latency_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms"))


        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        def _parse_response_excerpt(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_excerpt = _parse_response_excerpt(d.pop("response_excerpt"))


        def _parse_response_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response_status = _parse_response_status(d.pop("response_status"))


        status = d.pop("status")

        webhook_delivery_record = cls(
            attempt=attempt,
            attempted_at=attempted_at,
            delivery_id=delivery_id,
            error=error,
            event_id=event_id,
            event_type=event_type,
            latency_ms=latency_ms,
            next_attempt_at=next_attempt_at,
            response_excerpt=response_excerpt,
            response_status=response_status,
            status=status,
        )


        webhook_delivery_record.additional_properties = d
        return webhook_delivery_record

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
