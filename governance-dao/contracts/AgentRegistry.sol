// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {IControllableAgent} from "./interfaces/IControllableAgent.sol";

/// @title AgentRegistry
/// @notice ERC-8004-compatible agent identity registry (ERC-721 agent ids, agent URI, on-chain metadata, verified
/// agent wallet) extended with what AgentChain enforces per agent: secp256k1 signer, allowed model hashes,
/// attestation policy (accepted TEE measurements or commitment mode with its challenge window), pause, and the
/// bound ControllableAgent account. It also holds the chain-wide governance (timelock) and guardian roles.
/// @dev Loosening (allowing a model, accepting a measurement, shortening a challenge window, unpausing) is
/// governance-only; tightening is also open to the guardian. Agent owners manage identity fields (URI, metadata,
/// wallet, signer, account binding).
contract AgentRegistry is ERC721URIStorage, EIP712, IAgentRegistry {
    /// @notice ERC-8004 metadata entry for `register(agentURI, metadata)`.
    struct MetadataEntry {
        string metadataKey;
        bytes metadataValue;
    }

    /// @dev Per-agent policy packed in one slot (read on every action).
    struct Policy {
        address signer;
        uint64 challengeWindow;
        AttestationMode mode;
        bool paused;
    }

    /// @notice ERC-8004 reserved metadata key, settable only through {setAgentWallet}.
    string public constant AGENT_WALLET_KEY = "agentWallet";
    bytes32 private constant AGENT_WALLET_KEY_HASH = keccak256("agentWallet");
    /// @notice EIP-712 type of the new wallet's consent to {setAgentWallet} (as in ERC-8004).
    bytes32 public constant SET_AGENT_WALLET_TYPEHASH =
        keccak256("SetAgentWallet(uint256 agentId,address newWallet,uint256 deadline)");

    /// @inheritdoc IAgentRegistry
    address public immutable governance;
    /// @inheritdoc IAgentRegistry
    address public guardian;
    /// @notice Challenge window given to newly registered agents (commitment mode).
    uint64 public defaultChallengeWindow;
    /// @notice The factory that deploys and binds ControllableAgent accounts.
    /// @dev A code-hash check would not do: custom init code can pre-write storage (loose limits) and still return
    /// the audited runtime code. Only accounts the factory constructed are known to start with closed limits.
    address public agentAccountFactory;

    uint256 private _nextAgentId;
    mapping(uint256 agentId => Policy) private _policies;
    mapping(uint256 agentId => address) private _wallets;
    mapping(uint256 agentId => address) private _accounts;
    mapping(uint256 agentId => mapping(string key => bytes)) private _metadata;
    mapping(uint256 agentId => mapping(bytes32 modelHash => bool)) private _allowedModels;
    mapping(uint256 agentId => mapping(bytes32 measurement => bool)) private _acceptedMeasurements;

    // ---- ERC-8004 events ----
    /// @notice An agent identity was minted.
    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    /// @notice The agent URI changed.
    event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);
    /// @notice An on-chain metadata entry was written.
    event MetadataSet(uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue);

    // ---- AgentChain events ----
    /// @notice The DAO appointed a new guardian.
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);
    /// @notice The default challenge window for new agents changed.
    event DefaultChallengeWindowChanged(uint64 previousWindow, uint64 newWindow);
    /// @notice The agent-account factory changed.
    event AgentAccountFactoryChanged(address previousFactory, address newFactory);
    /// @notice The agent's signer changed.
    event AgentSignerChanged(uint256 indexed agentId, address indexed previousSigner, address indexed newSigner);
    /// @notice The agent's ControllableAgent account was bound.
    event AgentAccountBound(uint256 indexed agentId, address indexed account);
    /// @notice A model hash was allowed or disallowed for the agent.
    event ModelAllowed(uint256 indexed agentId, bytes32 indexed modelHash, bool allowed);
    /// @notice A TEE measurement was accepted or revoked for the agent.
    event MeasurementAccepted(uint256 indexed agentId, bytes32 indexed measurement, bool accepted);
    /// @notice The agent's attestation mode or challenge window changed.
    event AttestationPolicyChanged(uint256 indexed agentId, AttestationMode mode, uint64 challengeWindow);
    /// @notice The agent was paused or unpaused.
    event AgentPaused(uint256 indexed agentId, bool paused, address indexed by);

    /// @notice The agent id does not exist.
    error UnknownAgent(uint256 agentId);
    /// @notice Caller does not own (and is not approved for) the agent.
    error NotAgentOwner(uint256 agentId, address caller);
    /// @notice Caller is not the DAO's executor.
    error NotGovernance(address caller);
    /// @notice Caller is neither the guardian nor the DAO's executor.
    error NotGuardianOrGovernance(address caller);
    /// @notice "agentWallet" can only be set through setAgentWallet.
    error ReservedMetadataKey(string key);
    /// @notice The wallet consent signature has expired.
    error WalletSignatureExpired(uint256 deadline);
    /// @notice The wallet consent signature is not from `newWallet`.
    error InvalidWalletSignature(address newWallet);
    /// @notice Only the agent-account factory binds accounts.
    error NotAgentAccountFactory(address caller);
    /// @notice The account does not name this agent and registry.
    error InvalidAgentAccount(address account);
    /// @notice The agent already has an account.
    error AgentAccountAlreadyBound(uint256 agentId, address account);
    /// @notice A zero address was given where one is required.
    error ZeroAddress();

    modifier onlyGovernance() {
        if (msg.sender != governance) revert NotGovernance(msg.sender);
        _;
    }

    modifier onlyAgentOwner(uint256 agentId) {
        _checkAgentOwner(agentId);
        _;
    }

    /// @param governance_ The DAO's timelock.
    /// @param guardian_ The first guardian (the DAO can replace it).
    /// @param defaultChallengeWindow_ Challenge window, in seconds, for new agents.
    /// @param agentAccountFactory_ The ControllableAgent factory (its address may be fixed before it is deployed).
    constructor(address governance_, address guardian_, uint64 defaultChallengeWindow_, address agentAccountFactory_)
        ERC721("AgentChain Agent", "AGENT")
        EIP712("AgentIdentityRegistry", "1")
    {
        if (governance_ == address(0)) revert ZeroAddress();
        governance = governance_;
        guardian = guardian_;
        defaultChallengeWindow = defaultChallengeWindow_;
        agentAccountFactory = agentAccountFactory_;
        _nextAgentId = 1;
        emit GuardianChanged(address(0), guardian_);
        emit DefaultChallengeWindowChanged(0, defaultChallengeWindow_);
        emit AgentAccountFactoryChanged(address(0), agentAccountFactory_);
    }

    // ------------------------------------------------------------------ ERC-8004 identity

    /// @notice Registers a new agent without URI; the caller owns it.
    /// @return agentId The new agent id.
    function register() external returns (uint256 agentId) {
        agentId = _register("");
    }

    /// @notice Registers a new agent pointing at its registration file; the caller owns it.
    /// @param agentURI URI of the agent's registration file.
    /// @return agentId The new agent id.
    function register(string calldata agentURI) external returns (uint256 agentId) {
        agentId = _register(agentURI);
    }

    /// @notice Registers a new agent with URI and on-chain metadata; the caller owns it.
    /// @param agentURI URI of the agent's registration file.
    /// @param metadata Initial metadata entries ("agentWallet" is reserved).
    /// @return agentId The new agent id.
    function register(string calldata agentURI, MetadataEntry[] calldata metadata) external returns (uint256 agentId) {
        agentId = _register(agentURI);
        for (uint256 i = 0; i < metadata.length; ++i) {
            _setMetadata(agentId, metadata[i].metadataKey, metadata[i].metadataValue);
        }
    }

    /// @notice Changes the agent URI.
    /// @param agentId The agent.
    /// @param newURI The new registration-file URI.
    function setAgentURI(uint256 agentId, string calldata newURI) external onlyAgentOwner(agentId) {
        _setTokenURI(agentId, newURI);
        emit URIUpdated(agentId, newURI, msg.sender);
    }

    /// @notice Writes an on-chain metadata entry.
    /// @param agentId The agent.
    /// @param metadataKey The key ("agentWallet" is reserved).
    /// @param metadataValue The value.
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue)
        external
        onlyAgentOwner(agentId)
    {
        _setMetadata(agentId, metadataKey, metadataValue);
    }

    /// @notice Reads an on-chain metadata entry ("agentWallet" returns the verified wallet, abi-packed).
    /// @param agentId The agent.
    /// @param metadataKey The key.
    /// @return The stored value.
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory) {
        if (keccak256(bytes(metadataKey)) == AGENT_WALLET_KEY_HASH) return abi.encodePacked(_wallets[agentId]);
        return _metadata[agentId][metadataKey];
    }

    /// @notice Sets the agent's payment wallet; `newWallet` consents with an EIP-712 signature (ERC-1271 for
    /// contract wallets) over SetAgentWallet(agentId, newWallet, deadline), as in ERC-8004.
    /// @param agentId The agent.
    /// @param newWallet The wallet.
    /// @param deadline Last timestamp at which the signature is valid.
    /// @param signature The wallet's signature.
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature)
        external
        onlyAgentOwner(agentId)
    {
        if (block.timestamp > deadline) revert WalletSignatureExpired(deadline);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(SET_AGENT_WALLET_TYPEHASH, agentId, newWallet, deadline)));
        if (!SignatureChecker.isValidSignatureNow(newWallet, digest, signature)) revert InvalidWalletSignature(newWallet);
        _wallets[agentId] = newWallet;
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, abi.encodePacked(newWallet));
    }

    /// @notice The agent's verified payment wallet (zero if unset).
    /// @param agentId The agent.
    /// @return The wallet.
    function getAgentWallet(uint256 agentId) external view returns (address) {
        return _wallets[agentId];
    }

    /// @notice Number of agents registered so far.
    /// @return The count (agent ids are 1..count).
    function totalAgents() external view returns (uint256) {
        return _nextAgentId - 1;
    }

    // ------------------------------------------------------------------ owner-managed agent fields

    /// @notice Sets the agent's secp256k1 signer, the only key that may make its account act.
    /// @param agentId The agent.
    /// @param newSigner The signer (zero disables the agent's account).
    function setAgentSigner(uint256 agentId, address newSigner) external onlyAgentOwner(agentId) {
        address previous = _policies[agentId].signer;
        _policies[agentId].signer = newSigner;
        emit AgentSignerChanged(agentId, previous, newSigner);
    }

    /// @notice Binds the agent's ControllableAgent account, once; called by the factory that just constructed it.
    /// @param agentId The agent.
    /// @param account The deployed ControllableAgent.
    function bindAgentAccount(uint256 agentId, address account) external {
        if (msg.sender != agentAccountFactory) revert NotAgentAccountFactory(msg.sender);
        _requireAgent(agentId);
        if (_accounts[agentId] != address(0)) revert AgentAccountAlreadyBound(agentId, _accounts[agentId]);
        if (IControllableAgent(account).agentId() != agentId || IControllableAgent(account).registry() != address(this)) {
            revert InvalidAgentAccount(account);
        }
        _accounts[agentId] = account;
        emit AgentAccountBound(agentId, account);
    }

    // ------------------------------------------------------------------ asymmetric policy (DAO loosens, guardian tightens)

    /// @notice Allows (governance) or disallows (guardian or governance) a model hash for the agent.
    /// @param agentId The agent.
    /// @param modelHash sha256/keccak identity of the model as in the models manifest.
    /// @param allowed Whether the agent may act on this model's output.
    function setModelAllowed(uint256 agentId, bytes32 modelHash, bool allowed) external {
        _requireAgent(agentId);
        _authorizeChange(allowed);
        _allowedModels[agentId][modelHash] = allowed;
        emit ModelAllowed(agentId, modelHash, allowed);
    }

    /// @notice Accepts (governance) or revokes (guardian or governance) a TEE measurement for the agent.
    /// @param agentId The agent.
    /// @param measurement MRENCLAVE/MRTD (or dev-TEE measurement) as a 32-byte value.
    /// @param accepted Whether evidence with this measurement is accepted.
    function setMeasurementAccepted(uint256 agentId, bytes32 measurement, bool accepted) external {
        _requireAgent(agentId);
        _authorizeChange(accepted);
        _acceptedMeasurements[agentId][measurement] = accepted;
        emit MeasurementAccepted(agentId, measurement, accepted);
    }

    /// @notice Sets the agent's attestation mode and challenge window. Changing the mode or shortening the window
    /// is loosening (governance); lengthening the window alone is tightening (guardian or governance).
    /// @param agentId The agent.
    /// @param mode Commitment or Tee.
    /// @param challengeWindow Seconds each recorded action stays open to challenge.
    function setAttestationPolicy(uint256 agentId, AttestationMode mode, uint64 challengeWindow) external {
        _requireAgent(agentId);
        Policy storage p = _policies[agentId];
        _authorizeChange(mode != p.mode || challengeWindow < p.challengeWindow);
        p.mode = mode;
        p.challengeWindow = challengeWindow;
        emit AttestationPolicyChanged(agentId, mode, challengeWindow);
    }

    /// @notice Pauses (guardian or governance) or unpauses (governance) one agent.
    /// @param agentId The agent.
    /// @param paused_ The new state.
    function setAgentPaused(uint256 agentId, bool paused_) external {
        _requireAgent(agentId);
        _authorizeChange(!paused_);
        _policies[agentId].paused = paused_;
        emit AgentPaused(agentId, paused_, msg.sender);
    }

    /// @notice Replaces the guardian.
    /// @param newGuardian The new guardian (zero leaves only governance).
    function setGuardian(address newGuardian) external onlyGovernance {
        emit GuardianChanged(guardian, newGuardian);
        guardian = newGuardian;
    }

    /// @notice Sets the challenge window given to new agents.
    /// @param newWindow Seconds.
    function setDefaultChallengeWindow(uint64 newWindow) external onlyGovernance {
        emit DefaultChallengeWindowChanged(defaultChallengeWindow, newWindow);
        defaultChallengeWindow = newWindow;
    }

    /// @notice Sets the factory allowed to bind new agent accounts (a new audited ControllableAgent build).
    /// @param newFactory The factory.
    function setAgentAccountFactory(address newFactory) external onlyGovernance {
        emit AgentAccountFactoryChanged(agentAccountFactory, newFactory);
        agentAccountFactory = newFactory;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IAgentRegistry
    function ownerOf(uint256 agentId) public view override(ERC721, IERC721, IAgentRegistry) returns (address) {
        return super.ownerOf(agentId);
    }

    /// @inheritdoc IAgentRegistry
    function signerOf(uint256 agentId) external view returns (address) {
        return _policies[agentId].signer;
    }

    /// @inheritdoc IAgentRegistry
    function agentAccountOf(uint256 agentId) external view returns (address) {
        return _accounts[agentId];
    }

    /// @inheritdoc IAgentRegistry
    function isActive(uint256 agentId) external view returns (bool) {
        return _ownerOf(agentId) != address(0) && !_policies[agentId].paused;
    }

    /// @inheritdoc IAgentRegistry
    function challengeWindowOf(uint256 agentId) external view returns (uint64) {
        return _policies[agentId].challengeWindow;
    }

    /// @notice The agent's attestation mode.
    /// @param agentId The agent.
    /// @return The mode.
    function attestationModeOf(uint256 agentId) external view returns (AttestationMode) {
        return _policies[agentId].mode;
    }

    /// @notice True if the agent is paused.
    /// @param agentId The agent.
    /// @return Whether paused.
    function isPaused(uint256 agentId) external view returns (bool) {
        return _policies[agentId].paused;
    }

    /// @notice True if the agent may act on `modelHash`'s output.
    /// @param agentId The agent.
    /// @param modelHash The model.
    /// @return Whether allowed.
    function isModelAllowed(uint256 agentId, bytes32 modelHash) external view returns (bool) {
        return _allowedModels[agentId][modelHash];
    }

    /// @inheritdoc IAgentRegistry
    function isMeasurementAccepted(uint256 agentId, bytes32 measurement) external view returns (bool) {
        return _acceptedMeasurements[agentId][measurement];
    }

    /// @inheritdoc IAgentRegistry
    function executionPolicy(uint256 agentId, bytes32 modelHash) external view returns (ExecutionPolicy memory) {
        Policy memory p = _policies[agentId];
        return ExecutionPolicy({
            registered: _ownerOf(agentId) != address(0),
            paused: p.paused,
            modelAllowed: _allowedModels[agentId][modelHash],
            mode: p.mode,
            signer: p.signer
        });
    }

    // ------------------------------------------------------------------ internals

    function _register(string memory agentURI) private returns (uint256 agentId) {
        agentId = _nextAgentId++;
        _safeMint(msg.sender, agentId);
        if (bytes(agentURI).length != 0) _setTokenURI(agentId, agentURI);
        _policies[agentId].challengeWindow = defaultChallengeWindow;
        emit Registered(agentId, agentURI, msg.sender);
        emit AttestationPolicyChanged(agentId, AttestationMode.Commitment, defaultChallengeWindow);
    }

    function _setMetadata(uint256 agentId, string calldata key, bytes calldata value) private {
        if (keccak256(bytes(key)) == AGENT_WALLET_KEY_HASH) revert ReservedMetadataKey(key);
        _metadata[agentId][key] = value;
        emit MetadataSet(agentId, key, key, value);
    }

    /// @dev On transfer the identity changes hands: the verified wallet and the signer are cleared so the new owner
    /// must set (and, for the wallet, prove) its own, and the previous owner's key can no longer act.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && to != address(0)) {
            if (_wallets[tokenId] != address(0)) {
                delete _wallets[tokenId];
                emit MetadataSet(tokenId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, "");
            }
            address previousSigner = _policies[tokenId].signer;
            if (previousSigner != address(0)) {
                delete _policies[tokenId].signer;
                emit AgentSignerChanged(tokenId, previousSigner, address(0));
            }
        }
    }

    function _checkAgentOwner(uint256 agentId) private view {
        address owner = _requireOwned(agentId);
        if (!_isAuthorized(owner, msg.sender, agentId)) revert NotAgentOwner(agentId, msg.sender);
    }

    function _requireAgent(uint256 agentId) private view {
        if (_ownerOf(agentId) == address(0)) revert UnknownAgent(agentId);
    }

    function _authorizeChange(bool loosening) private view {
        if (msg.sender == governance) return;
        if (loosening) revert NotGovernance(msg.sender);
        if (msg.sender != guardian) revert NotGuardianOrGovernance(msg.sender);
    }
}
