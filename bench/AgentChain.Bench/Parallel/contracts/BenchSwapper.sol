// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice The part of the Uniswap V2 pair interface a swap needs.
interface IUniswapV2PairLike {
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

/// @title BenchSwapper
/// @notice One-transaction exact-input swap on a Uniswap V2 pair (what the V2 router does, minus paths and deadlines),
/// so each benchmark transaction is one swap. The trader approves this contract for the input token first.
contract BenchSwapper {
    error TransferFailed();

    /// @notice Moves `amountIn` of `tokenIn` from the caller into `pair` and swaps it for the other token, sent to the caller.
    /// @param zeroForOne true when `tokenIn` is the pair's token0.
    /// @return amountOut what the caller received (Uniswap V2's getAmountOut with the 0.3% fee).
    function swapExactIn(address pair, address tokenIn, uint256 amountIn, bool zeroForOne) external returns (uint256 amountOut) {
        if (!IERC20(tokenIn).transferFrom(msg.sender, pair, amountIn)) revert TransferFailed();
        (uint112 reserve0, uint112 reserve1,) = IUniswapV2PairLike(pair).getReserves();
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (uint256(reserve0), uint256(reserve1)) : (uint256(reserve1), uint256(reserve0));
        uint256 amountInWithFee = amountIn * 997;
        amountOut = (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
        IUniswapV2PairLike(pair).swap(zeroForOne ? 0 : amountOut, zeroForOne ? amountOut : 0, msg.sender, "");
    }
}
