""" Contains all the data models used in inputs/outputs """

from .access_view import AccessView
from .actor_kind import ActorKind
from .block_body import BlockBody
from .block_page import BlockPage
from .block_view import BlockView
from .blocking import Blocking
from .contact_body import ContactBody
from .contact_metadata import ContactMetadata
from .contact_page import ContactPage
from .contact_view import ContactView
from .counts_view import CountsView
from .created_tenant_view import CreatedTenantView
from .deleted_tenant import DeletedTenant
from .deleted_tenant_removed import DeletedTenantRemoved
from .delivery_page import DeliveryPage
from .edge_source import EdgeSource
from .erased_user import ErasedUser
from .erasure_counts import ErasureCounts
from .erasure_left import ErasureLeft
from .erasure_state import ErasureState
from .erasure_state_state import ErasureStateState
from .event_action import EventAction
from .event_page import EventPage
from .event_view import EventView
from .event_view_details import EventViewDetails
from .feed_event import FeedEvent
from .feed_event_details import FeedEventDetails
from .feed_page import FeedPage
from .follow_body import FollowBody
from .follow_page import FollowPage
from .follow_view import FollowView
from .following import Following
from .friend_page import FriendPage
from .friend_patch import FriendPatch
from .friend_request_body import FriendRequestBody
from .friend_state import FriendState
from .friend_view import FriendView
from .friends_list_requests_direction import FriendsListRequestsDirection
from .friendship import Friendship
from .grant_body import GrantBody
from .grant_page import GrantPage
from .grant_view import GrantView
from .health_healthz_response_health_healthz import HealthHealthzResponseHealthHealthz
from .import_import_contacts_json_body_item import ImportImportContactsJsonBodyItem
from .import_import_contacts_json_body_item_source import ImportImportContactsJsonBodyItemSource
from .import_mode import ImportMode
from .import_result import ImportResult
from .intersection_page import IntersectionPage
from .key_body import KeyBody
from .key_info import KeyInfo
from .key_list import KeyList
from .key_scope import KeyScope
from .key_view import KeyView
from .list_body import ListBody
from .list_page import ListPage
from .list_patch import ListPatch
from .list_view import ListView
from .member_page import MemberPage
from .member_view import MemberView
from .mute_body import MuteBody
from .mute_page import MutePage
from .mute_patch import MutePatch
from .mute_view import MuteView
from .muting import Muting
from .nickname_body import NicknameBody
from .nickname_body_type import NicknameBodyType
from .nickname_page import NicknamePage
from .nickname_view import NicknameView
from .permission import Permission
from .ping_data import PingData
from .problem import Problem
from .problem_code import ProblemCode
from .problem_errors_type_0_item import ProblemErrorsType0Item
from .public_counts_page import PublicCountsPage
from .public_counts_view import PublicCountsView
from .rate_limit_body import RateLimitBody
from .rate_limit_view import RateLimitView
from .reason import Reason
from .reject_body import RejectBody
from .relationship_status import RelationshipStatus
from .relationship_type import RelationshipType
from .row_code import RowCode
from .row_error_view import RowErrorView
from .settings_patch import SettingsPatch
from .settings_patch_enabled_types_type_0 import SettingsPatchEnabledTypesType0
from .signing_key_body import SigningKeyBody
from .signing_key_info import SigningKeyInfo
from .signing_key_list import SigningKeyList
from .suggestion_list import SuggestionList
from .suggestion_view import SuggestionView
from .summary_include import SummaryInclude
from .summary_page import SummaryPage
from .summary_view import SummaryView
from .tenant_body import TenantBody
from .tenant_page import TenantPage
from .tenant_settings import TenantSettings
from .tenant_settings_enabled_types import TenantSettingsEnabledTypes
from .tenant_summary import TenantSummary
from .tenant_view import TenantView
from .token_body import TokenBody
from .token_view import TokenView
from .user_ref import UserRef
from .user_settings_body import UserSettingsBody
from .user_settings_view import UserSettingsView
from .webhook import Webhook
from .webhook_create import WebhookCreate
from .webhook_delivery_record import WebhookDeliveryRecord
from .webhook_event_delivery import WebhookEventDelivery
from .webhook_page import WebhookPage
from .webhook_patch import WebhookPatch
from .webhook_ping_delivery import WebhookPingDelivery
from .webhook_secret import WebhookSecret

__all__ = (
    "AccessView",
    "ActorKind",
    "BlockBody",
    "Blocking",
    "BlockPage",
    "BlockView",
    "ContactBody",
    "ContactMetadata",
    "ContactPage",
    "ContactView",
    "CountsView",
    "CreatedTenantView",
    "DeletedTenant",
    "DeletedTenantRemoved",
    "DeliveryPage",
    "EdgeSource",
    "ErasedUser",
    "ErasureCounts",
    "ErasureLeft",
    "ErasureState",
    "ErasureStateState",
    "EventAction",
    "EventPage",
    "EventView",
    "EventViewDetails",
    "FeedEvent",
    "FeedEventDetails",
    "FeedPage",
    "FollowBody",
    "Following",
    "FollowPage",
    "FollowView",
    "FriendPage",
    "FriendPatch",
    "FriendRequestBody",
    "Friendship",
    "FriendsListRequestsDirection",
    "FriendState",
    "FriendView",
    "GrantBody",
    "GrantPage",
    "GrantView",
    "HealthHealthzResponseHealthHealthz",
    "ImportImportContactsJsonBodyItem",
    "ImportImportContactsJsonBodyItemSource",
    "ImportMode",
    "ImportResult",
    "IntersectionPage",
    "KeyBody",
    "KeyInfo",
    "KeyList",
    "KeyScope",
    "KeyView",
    "ListBody",
    "ListPage",
    "ListPatch",
    "ListView",
    "MemberPage",
    "MemberView",
    "MuteBody",
    "MutePage",
    "MutePatch",
    "MuteView",
    "Muting",
    "NicknameBody",
    "NicknameBodyType",
    "NicknamePage",
    "NicknameView",
    "Permission",
    "PingData",
    "Problem",
    "ProblemCode",
    "ProblemErrorsType0Item",
    "PublicCountsPage",
    "PublicCountsView",
    "RateLimitBody",
    "RateLimitView",
    "Reason",
    "RejectBody",
    "RelationshipStatus",
    "RelationshipType",
    "RowCode",
    "RowErrorView",
    "SettingsPatch",
    "SettingsPatchEnabledTypesType0",
    "SigningKeyBody",
    "SigningKeyInfo",
    "SigningKeyList",
    "SuggestionList",
    "SuggestionView",
    "SummaryInclude",
    "SummaryPage",
    "SummaryView",
    "TenantBody",
    "TenantPage",
    "TenantSettings",
    "TenantSettingsEnabledTypes",
    "TenantSummary",
    "TenantView",
    "TokenBody",
    "TokenView",
    "UserRef",
    "UserSettingsBody",
    "UserSettingsView",
    "Webhook",
    "WebhookCreate",
    "WebhookDeliveryRecord",
    "WebhookEventDelivery",
    "WebhookPage",
    "WebhookPatch",
    "WebhookPingDelivery",
    "WebhookSecret",
)
